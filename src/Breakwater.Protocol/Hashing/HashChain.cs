namespace Breakwater.Protocol.Hashing;

/// <summary>
/// The event hash chain: hash(n) = SHA-256(hash(n−1) ‖ canonical bytes of event n), with
/// hash(0) = 32 zero bytes (genesis). Anyone holding the events can re-derive every link.
/// </summary>
public sealed class HashChain
{
    private byte[] _head = new byte[32];

    // One SHA-256 context for the chain's life (OpenSSL's low-level functions; see Sha256 for the costs).
    private readonly Sha256 _sha = new();

    /// <summary>Number of links appended.</summary>
    public long Count { get; private set; }

    /// <summary>Continues a chain from a snapshot: its head and length.</summary>
    internal void Restore(byte[] head, long count)
    {
        if (head.Length != 32) throw new FormatException($"a chain head has 32 bytes, not {head.Length}");
        _head = (byte[])head.Clone();
        Count = count;
    }

    /// <summary>The current head hash (32 bytes; a copy).</summary>
    public byte[] Head => (byte[])_head.Clone();

    /// <summary>The head as lowercase hex.</summary>
    public string HeadHex => Convert.ToHexStringLower(_head);

    /// <summary>Appends one link; returns its hash (32 bytes), valid until the next append (<see cref="Head"/> gives a copy).</summary>
    public ReadOnlySpan<byte> Append(ReadOnlySpan<byte> canonicalBytes)
    {
        _sha.Append(_head);
        _sha.Append(canonicalBytes);
        // In place: the previous head has been hashed already, and nothing outside holds this array.
        _sha.Finish(_head);
        Count++;
        return _head;
    }

    /// <summary>
    /// Writes what one link hashes after the previous head: the event's height and time (I64 each) and its canonical
    /// bytes. The engine appends with it and anyone re-deriving a link (the node's event view, a verifier) writes the same.
    /// </summary>
    public static void WriteLinkBytes(CanonicalWriter w, long height, long time, Events.ProtocolEvent e)
    {
        WriteLinkPrefix(w, height, time);
        e.Write(w);
    }

    /// <summary>Writes what a link hashes ahead of its event's canonical bytes: the height and the time (I64 each).</summary>
    internal static void WriteLinkPrefix(CanonicalWriter w, long height, long time) => w.I64(height).I64(time);

    /// <summary>Computes SHA-256(previous ‖ bytes): what <see cref="Append"/> computes, for anyone re-deriving a link.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> canonicalBytes)
        => Sha256.HashConcatenation(previous, canonicalBytes);
}
