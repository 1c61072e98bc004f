using Breakwater.Protocol.Engine;

namespace Breakwater.Protocol.Hashing;

/// <summary>
/// A full copy of an engine at one height: the whole state (every field the state root covers), the height and the event
/// chain's head and length, so a replay can continue from it instead of from genesis. Canonical little-endian encoding,
/// version 1: <c>I32 version, I64 height, I64 events, bytes head, state…</c>, each account in its leaf encoding
/// (<see cref="AccountTree.Write"/>). Reading checks nothing but the encoding;
/// callers compare <see cref="ProtocolEngine.StateHash"/> with the hash stored beside the snapshot.
/// </summary>
public static class StateSnapshot
{
    /// <summary>The encoding version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Encodes <paramref name="e"/>.</summary>
    public static byte[] Write(ProtocolEngine e) => Write(e, out _);

    /// <summary>
    /// Encodes <paramref name="e"/> and returns its state hash as well, taken over the same bytes (the state part of a
    /// snapshot, without its account count, is exactly what <see cref="StateHasher"/> hashes): one encoding pass, not two.
    /// </summary>
    public static byte[] Write(ProtocolEngine e, out string stateHash)
    {
        var s = e.State;
        var w = new CanonicalWriter();
        w.I32(Version).I64(e.Height).I64(e.Chain.Count).Bytes(e.Chain.Head);
        var stateStart = w.WrittenSpan.Length;
        StateEncoding.WriteGlobalsAndMarkets(w, s);
        var countStart = w.WrittenSpan.Length;
        var ids = s.Accounts.Keys.Order().ToList();
        w.I32(ids.Count);
        var accountsStart = w.WrittenSpan.Length;
        foreach (var id in ids) AccountTree.Write(w, s.AccountMap[id]);
        var bytes = w.ToArray();
        var h = new Sha256();
        h.Append(bytes.AsSpan(stateStart, countStart - stateStart));
        h.Append(bytes.AsSpan(accountsStart));
        stateHash = h.FinishHex();
        return bytes;
    }

    /// <summary>An engine restored from <paramref name="bytes"/>, ready to apply the transaction after the snapshot's height.</summary>
    /// <param name="bytes">What <see cref="Write(ProtocolEngine)"/> wrote.</param>
    /// <param name="verifier">The signature verifier the engine needs for governance and signed mode.</param>
    /// <exception cref="FormatException">another version, truncated, trailing bytes, or malformed.</exception>
    public static ProtocolEngine Read(byte[] bytes, Governance.ISignatureVerifier? verifier)
    {
        var r = new CanonicalReader(bytes);
        if (r.I32() is var v && v != Version) throw new FormatException($"snapshot version {v}, this build reads {Version}");
        var e = new ProtocolEngine(verifier) { Height = r.I64() };
        var events = r.I64();
        e.Chain.Restore(r.Bytes(), events);
        var s = e.State;
        StateEncoding.ReadGlobalsAndMarkets(r, s);
        for (var n = r.I32(); n > 0; n--)
        {
            var a = AccountTree.Read(r);
            for (var i = 0; i < a.PositionCount; i++) s.HoldersOf(a.PositionAt(i).MarketId).Add(a.Id);
            s.AccountMap[a.Id] = a;
        }
        if (!r.AtEnd) throw new FormatException("trailing bytes after the snapshot");
        foreach (var a in s.Accounts.Values) e.Index.Refresh(a);
        return e;
    }
}
