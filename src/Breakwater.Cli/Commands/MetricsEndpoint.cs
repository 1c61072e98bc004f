using System.Net;
using System.Text;

namespace Breakwater.Cli.Commands;

/// <summary>
/// Serves Prometheus text at <c>GET {prefix}metrics</c> for the off-node agents (watchers, keepers), which have no web
/// server of their own; 404 with a hint for anything else.
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();

    private MetricsEndpoint() { }

    /// <summary>Starts serving <paramref name="render"/> at <paramref name="prefix"/> (e.g. http://127.0.0.1:9101/) until <paramref name="cancel"/>.</summary>
    /// <exception cref="ArgumentException">the prefix cannot be listened on (the message says why).</exception>
    public static MetricsEndpoint Start(string prefix, Func<string> render, CancellationToken cancel)
    {
        var m = new MetricsEndpoint();
        try
        {
            m._listener.Prefixes.Add(prefix.TrimEnd('/') + "/");
            m._listener.Start();
        }
        catch (Exception e) when (e is HttpListenerException or ArgumentException)
        {
            m.Dispose();
            throw new ArgumentException($"cannot serve metrics at {prefix}: {e.Message}");
        }
        _ = m.ServeAsync(render, cancel);
        return m;
    }

    private async Task ServeAsync(Func<string> render, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync().WaitAsync(cancel); }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException) { return; }
            var found = ctx.Request.Url?.AbsolutePath.TrimEnd('/').EndsWith("/metrics", StringComparison.Ordinal) == true;
            var body = Encoding.UTF8.GetBytes(found ? render() : "not found: GET /metrics\n");
            ctx.Response.StatusCode = found ? 200 : 404;
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await ctx.Response.OutputStream.WriteAsync(body, cancel);
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        try { _listener.Close(); } catch (ObjectDisposedException) { }
    }
}
