using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Governance;

/// <summary>Governance part of the protocol state.</summary>
public sealed class GovernanceState
{
    /// <summary>Configuration, or null before genesis configured it.</summary>
    public GovernanceConfig? Config { get; internal set; }

    /// <summary>Signing hashes already accepted (lowercase hex): replay protection.</summary>
    internal SortedSet<string> UsedDigests { get; } = new(StringComparer.Ordinal);

    /// <summary>Attestations per "market:level:incident" key: signer → time.</summary>
    internal SortedDictionary<string, SortedDictionary<Address, long>> Attestations { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys whose quorum action has been applied, with when.</summary>
    internal SortedDictionary<string, long> AppliedAttestations { get; } = new(StringComparer.Ordinal);

    /// <summary>Queued and executed operations by id (ordinal order). A read-only view.</summary>
    public IReadOnlyDictionary<string, QueuedOperation> Operations => OperationMap;

    internal SortedDictionary<string, QueuedOperation> OperationMap { get; } = new(StringComparer.Ordinal);

    /// <summary>Accepted peer threat signals per market: the UTC day (unix seconds / 86,400) and the count that day.</summary>
    internal SortedDictionary<int, (long Day, int Count)> PeerSignals { get; } = new();

    /// <summary>The members of a role.</summary>
    public RoleSet Members(Role role) => role switch
    {
        Role.Watcher => Config!.Watchers,
        Role.Council => Config!.Council,
        Role.Guardian => Config!.Guardians,
        Role.Peer => Config!.Peers,
        _ => Config!.Dao,
    };

    internal void Write(CanonicalWriter w)
    {
        w.Bool(Config is not null);
        Config?.Write(w);
        w.I32(UsedDigests.Count);
        foreach (var d in UsedDigests) w.Str(d);
        w.I32(Attestations.Count);
        foreach (var (k, signers) in Attestations)
        {
            w.Str(k).I32(signers.Count);
            foreach (var (a, t) in signers) w.Str(a.Hex).I64(t);
        }
        w.I32(AppliedAttestations.Count);
        foreach (var (k, t) in AppliedAttestations) w.Str(k).I64(t);
        w.I32(OperationMap.Count);
        foreach (var op in OperationMap.Values) w.Str(op.Id).U8((byte)op.Kind).Bytes(op.Payload).I64(op.Eta).Bool(op.Done);
        w.I32(PeerSignals.Count);
        foreach (var (m, (day, count)) in PeerSignals) w.I32(m).I64(day).I32(count);
    }

    /// <summary>Restores what <see cref="Write"/> wrote, into this (empty) state.</summary>
    /// <exception cref="FormatException">truncated or malformed.</exception>
    internal void Restore(CanonicalReader r)
    {
        Config = r.Bool() ? GovernanceConfig.Read(r) : null;
        for (var n = r.I32(); n > 0; n--) UsedDigests.Add(r.Str());
        for (var n = r.I32(); n > 0; n--)
        {
            var signers = new SortedDictionary<Address, long>();
            Attestations[r.Str()] = signers;
            for (var k = r.I32(); k > 0; k--) signers[Address.Parse(r.Str())] = r.I64();
        }
        for (var n = r.I32(); n > 0; n--) AppliedAttestations[r.Str()] = r.I64();
        for (var n = r.I32(); n > 0; n--)
        {
            var op = new QueuedOperation(r.Str(), (DaoOperationKind)r.U8(), r.Bytes(), r.I64()) { Done = r.Bool() };
            OperationMap[op.Id] = op;
        }
        for (var n = r.I32(); n > 0; n--) PeerSignals[r.I32()] = (r.I64(), r.I32());
    }
}
