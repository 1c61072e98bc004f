using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Events;

/// <summary>
/// Base of every event the engine emits. Events are small sealed records; their canonical encoding
/// (kind byte + fixed-width fields) is what the hash chain and the log store.
/// </summary>
public abstract record ProtocolEvent
{
    /// <summary>The event's kind tag (first byte of its encoding).</summary>
    public abstract EventKind Kind { get; }

    /// <summary>Writes the fields after the kind byte.</summary>
    protected abstract void WriteBody(CanonicalWriter w);

    /// <summary>Writes the full canonical encoding (kind, then body).</summary>
    public void Write(CanonicalWriter w)
    {
        w.U8((byte)Kind);
        WriteBody(w);
    }
}
