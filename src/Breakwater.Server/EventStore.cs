using Breakwater.Crypto;
using Breakwater.Protocol.Events;

namespace Breakwater.Server;

/// <summary>One event as served: chain position, time, kind, fields as JSON, and its link hash.</summary>
/// <param name="Seq">Sequence number (1-based, gap-free).</param>
/// <param name="Height">Transaction height.</param>
/// <param name="Time">Unix seconds.</param>
/// <param name="Event">The event.</param>
/// <param name="Hash">Chain link hash, lowercase hex.</param>
public sealed record StoredEvent(long Seq, long Height, long Time, ProtocolEvent Event, string Hash)
{
    private string? _json;

    /// <summary>Fields as JSON (serialized on first use, off the sequencer's path).</summary>
    public string Json => _json ??= JsonFormat.Event(Event);
}

/// <summary>A refused submission, published on the stream for monitors (not part of the hash chain).</summary>
/// <param name="Id">Notice number.</param>
/// <param name="Time">Node time, unix seconds.</param>
/// <param name="Kind">Transaction kind.</param>
/// <param name="Reason">Reject reason.</param>
/// <param name="Detail">Detail.</param>
public sealed record RejectionNotice(long Id, long Time, string Kind, string Reason, string Detail);

/// <summary>
/// The committed events in memory, in sequence, and the refusal notices; readers wait for new entries without
/// polling. Only events whose transaction batch is committed to the log are published here.
/// </summary>
public sealed class EventStore
{
    private readonly List<StoredEvent> _events = [];
    private readonly List<RejectionNotice> _notices = [];
    private readonly object _sync = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Last sequence number published.</summary>
    public long LastSeq { get { lock (_sync) return _events.Count; } }

    /// <summary>Publishes committed events and notices.</summary>
    public void Publish(IReadOnlyList<StoredEvent> events, IReadOnlyList<RejectionNotice> notices)
    {
        if (events.Count == 0 && notices.Count == 0) return;
        TaskCompletionSource signal;
        lock (_sync)
        {
            _events.AddRange(events);
            _notices.AddRange(notices);
            signal = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        signal.TrySetResult();
    }

    /// <summary>Events with seq ≥ <paramref name="from"/> (up to <paramref name="max"/>), notices with id ≥ <paramref name="fromNotice"/>, and a task that completes on the next publish.</summary>
    public (List<StoredEvent> Events, List<RejectionNotice> Notices, Task Next) Read(long from, long fromNotice, int max = 5_000)
    {
        lock (_sync)
        {
            var start = (int)Math.Clamp(from - 1, 0, _events.Count);
            var events = _events.GetRange(start, Math.Min(max, _events.Count - start));
            var ns = (int)Math.Clamp(fromNotice - 1, 0, _notices.Count);
            return (events, _notices.GetRange(ns, _notices.Count - ns), _changed.Task);
        }
    }

    /// <summary>One event by sequence, or null.</summary>
    public StoredEvent? Get(long seq)
    {
        lock (_sync) return seq >= 1 && seq <= _events.Count ? _events[(int)seq - 1] : null;
    }

    /// <summary>The link hash before <paramref name="seq"/> (zeros for the first).</summary>
    public string PreviousHash(long seq)
    {
        lock (_sync) return seq <= 1 ? new string('0', 64) : _events[(int)seq - 2].Hash;
    }

    /// <summary>A snapshot of all events (for projections).</summary>
    public List<StoredEvent> All()
    {
        lock (_sync) return [.. _events];
    }

    /// <summary>Notices published so far.</summary>
    public int NoticeCount { get { lock (_sync) return _notices.Count; } }
}
