using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Breakwater.Protocol.Events;

namespace Breakwater.Server;

/// <summary>
/// Tells users when an incident opens: one JSON notice per <see cref="IncidentOpened"/> event to every configured webhook
/// (<c>serve --webhook URL</c>, repeatable), sent off the sequencer's thread so a slow or dead receiver never delays the
/// log. Body: <c>{"notice":"incident-opened","incident","market","symbol","trigger","level","time","seq","hash","status"}</c>
/// where <c>status</c> is the node's <c>/v1/status</c> URL for the details.
/// </summary>
public sealed class IncidentNotifier : IAsyncDisposable
{
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(1_024) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly IReadOnlyList<string> _hooks;
    private readonly Task _loop;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Notices sent and notices a receiver refused or could not take.</summary>
    public long Sent => Interlocked.Read(ref _sent);
    /// <inheritdoc cref="Sent"/>
    public long Failed => Interlocked.Read(ref _failed);
    private long _sent, _failed;

    /// <param name="hooks">Webhook URLs.</param>
    public IncidentNotifier(IReadOnlyList<string> hooks)
    {
        _hooks = hooks;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues one notice per incident opened among <paramref name="events"/>.</summary>
    public void Publish(IEnumerable<StoredEvent> events, Func<int, string> symbol, string statusUrl)
    {
        if (_hooks.Count == 0) return;
        foreach (var e in events)
            if (e.Event is IncidentOpened o)
                _queue.Writer.TryWrite(JsonSerializer.Serialize(new
                {
                    notice = "incident-opened", incident = o.Incident, market = o.Market, symbol = symbol(o.Market), trigger = o.Trigger.ToString(),
                    level = (int)o.Level, time = e.Time, seq = e.Seq, hash = e.Hash, status = statusUrl,
                }));
    }

    private async Task RunAsync()
    {
        await foreach (var body in _queue.Reader.ReadAllAsync())
            foreach (var hook in _hooks)
            {
                try
                {
                    using var r = await _http.PostAsync(hook, new StringContent(body, Encoding.UTF8, "application/json"));
                    if (r.IsSuccessStatusCode) Interlocked.Increment(ref _sent);
                    else Interlocked.Increment(ref _failed);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref _failed);
                }
            }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAny(_loop, Task.Delay(2_000));
        _http.Dispose();
    }
}
