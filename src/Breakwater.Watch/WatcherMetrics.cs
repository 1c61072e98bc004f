using System.Globalization;
using System.Text;

namespace Breakwater.Watch;

/// <summary>
/// A watcher's counters in the Prometheus text format (served by <c>watch --metrics URL</c>): whether it is connected to
/// the node's stream, how far it has read, what it found and how its attestations fared — what the "watcher silent" and
/// "attestation quorum failing" alerts need. Thread-safe.
/// </summary>
public sealed class WatcherMetrics
{
    private long _events, _reconnects, _accepted, _refused, _lastSeq, _lastTime, _connected;
    private readonly Dictionary<string, long> _findings = new(StringComparer.Ordinal);

    internal void Event(long seq, long time)
    {
        Interlocked.Increment(ref _events);
        Interlocked.Exchange(ref _lastSeq, seq);
        Interlocked.Exchange(ref _lastTime, time);
    }

    internal void Connected(bool up)
    {
        if (!up && Interlocked.Exchange(ref _connected, 0) == 1) Interlocked.Increment(ref _reconnects);
        else if (up) Interlocked.Exchange(ref _connected, 1);
    }

    internal void Found(string detector)
    {
        lock (_findings) _findings[detector] = _findings.GetValueOrDefault(detector) + 1;
    }

    internal void Attestation(bool accepted) => Interlocked.Increment(ref accepted ? ref _accepted : ref _refused);

    /// <summary>The exposition text.</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        void One(string name, string type, string help, long value)
            => sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
                 .Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        One("breakwater_watcher_connected", "gauge", "1 while the watcher follows the node's event stream.", Interlocked.Read(ref _connected));
        One("breakwater_watcher_stream_disconnects_total", "counter", "Times the event stream was lost (the watcher reconnects).", Interlocked.Read(ref _reconnects));
        One("breakwater_watcher_events_total", "counter", "Events read from the node.", Interlocked.Read(ref _events));
        One("breakwater_watcher_last_event_seq", "gauge", "Sequence number of the last event read.", Interlocked.Read(ref _lastSeq));
        One("breakwater_watcher_last_event_time_seconds", "gauge", "Market time of the last event read, unix seconds.", Interlocked.Read(ref _lastTime));
        sb.Append("# HELP breakwater_watcher_findings_total Findings, by detector.\n# TYPE breakwater_watcher_findings_total counter\n");
        lock (_findings)
            foreach (var (d, n) in _findings.OrderBy(x => x.Key, StringComparer.Ordinal))
                sb.Append("breakwater_watcher_findings_total{detector=\"").Append(d).Append("\"} ").Append(n.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("# HELP breakwater_watcher_attestations_total Attestations submitted, by the node's answer.\n# TYPE breakwater_watcher_attestations_total counter\n");
        sb.Append("breakwater_watcher_attestations_total{result=\"accepted\"} ").Append(Interlocked.Read(ref _accepted).ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("breakwater_watcher_attestations_total{result=\"refused\"} ").Append(Interlocked.Read(ref _refused).ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }
}
