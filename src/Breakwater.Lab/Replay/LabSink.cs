using Breakwater.Ledger;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Lab.Replay;

/// <summary>
/// A lab replay's own engine, logging every accepted transaction to a SQLite event log (or to nothing, for a
/// counterfactual run nobody will verify).
/// </summary>
public sealed class LabSink : IReplaySink
{
    private readonly EventLogWriter? _log;

    /// <summary>Fewest heights between state snapshots in a replay's log (a few per crash week at 10,000 accounts; recover starts from them).</summary>
    public const long MinSnapshotEvery = 25_000;

    /// <summary>
    /// Heights between state snapshots for a population of <paramref name="accounts"/>: at least
    /// <see cref="MinSnapshotEvery"/>, and at least one per account. A snapshot encodes every account, so a fixed interval
    /// made their cost grow with accounts × heights (the LUNA week at 1,000,000 accounts wrote 118 snapshots, 5.3 GB);
    /// one height per account keeps it about one account's encoding per height at any size.
    /// </summary>
    public static long SnapshotEvery(int accounts) => Math.Max(MinSnapshotEvery, accounts);

    /// <summary>
    /// A fresh engine; the log is created (replacing any file) at <paramref name="eventLogPath"/> unless it is null, with a
    /// snapshot every <see cref="SnapshotEvery"/>(<paramref name="accounts"/>) heights.
    /// </summary>
    /// <exception cref="IOException">the log file cannot be replaced.</exception>
    public LabSink(string? eventLogPath, int accounts = 0)
    {
        Engine = new ProtocolEngine(Crypto.EthereumVerifier.Instance);
        EventLog = eventLogPath ?? "";
        _log = eventLogPath is null ? null : new EventLogWriter(eventLogPath, Engine, snapshotEvery: SnapshotEvery(accounts));
    }

    /// <inheritdoc />
    public ProtocolEngine Engine { get; }

    /// <inheritdoc />
    public bool ReplayOwnsEngine => true;

    /// <inheritdoc />
    public string EventLog { get; }

    /// <inheritdoc />
    public ApplyResult Apply(Transaction tx)
    {
        var r = Engine.Apply(tx);
        if (r.Accepted) _log?.Append(Engine.Height, tx);
        return r;
    }

    /// <inheritdoc />
    public void Complete(IReadOnlyList<(string Key, string Value)> meta)
    {
        if (_log is null) return;
        foreach (var (key, value) in meta) _log.SetMeta(key, value);
        _log.Seal();
    }

    /// <inheritdoc />
    public void Dispose() => _log?.Dispose();
}
