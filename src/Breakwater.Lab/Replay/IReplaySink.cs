using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Lab.Replay;

/// <summary>
/// Where a replay's transactions go: the engine that applies them and whatever records the accepted ones. The lab's own
/// runs use <see cref="LabSink"/> (a fresh engine and, optionally, its SQLite log); a node passes its sequencer.
/// </summary>
public interface IReplaySink : IDisposable
{
    /// <summary>The engine the transactions are applied to; the replay reads its state between transactions.</summary>
    ProtocolEngine Engine { get; }

    /// <summary>
    /// Whether the replay may ask the engine's liquidation index for the accounts each transaction changed (it drains
    /// them). False when someone else (a node publishing account roots) reads them.
    /// </summary>
    bool ReplayOwnsEngine { get; }

    /// <summary>Path of the log the accepted transactions go to, or "" when there is none.</summary>
    string EventLog { get; }

    /// <summary>Applies one transaction on the caller's thread and records it when accepted.</summary>
    ApplyResult Apply(Transaction tx);

    /// <summary>The replay is over: record these metadata (key, value) and seal the record.</summary>
    void Complete(IReadOnlyList<(string Key, string Value)> meta);
}
