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
    /// The array is allocated once at its exact length (<see cref="EncodedLength"/>).
    /// </summary>
    public static byte[] Write(ProtocolEngine e, out string stateHash)
    {
        var bytes = new byte[EncodedLength(e)];
        using var stream = new MemoryStream(bytes, writable: true);
        stateHash = WriteTo(stream, e);
        if (stream.Position != bytes.Length) throw new InvalidOperationException($"snapshot wrote {stream.Position} bytes, its length is {bytes.Length}");
        return bytes;
    }

    /// <summary>The length in bytes of <paramref name="e"/>'s snapshot, without encoding its accounts.</summary>
    public static long EncodedLength(ProtocolEngine e)
    {
        var w = new CanonicalWriter();
        WriteHead(w, e);
        StateEncoding.WriteGlobalsAndMarkets(w, e.State);
        long length = w.WrittenSpan.Length + sizeof(int);
        foreach (var a in e.State.AccountMap.Values) length += AccountTree.EncodedLength(a);
        return length;
    }

    /// <summary>
    /// Writes <paramref name="e"/>'s snapshot to <paramref name="output"/> in pieces of about 64 KiB, so that a snapshot of a
    /// million accounts (about 55 MB) never sits in memory whole (a log streams it into its blob), and returns the state
    /// hash taken over the same bytes.
    /// </summary>
    /// <exception cref="IOException">the stream refused a write.</exception>
    public static string WriteTo(Stream output, ProtocolEngine e)
    {
        var head = new CanonicalWriter();
        WriteHead(head, e);
        output.Write(head.WrittenSpan);
        var h = new Sha256();
        StateEncoding.WriteState(e.State, h, output);
        return h.FinishHex();
    }

    private static void WriteHead(CanonicalWriter w, ProtocolEngine e) => w.I32(Version).I64(e.Height).I64(e.Chain.Count).Bytes(e.Chain.Head);

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
