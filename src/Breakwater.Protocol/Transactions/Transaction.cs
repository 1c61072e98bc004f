using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Transactions;

/// <summary>
/// Base of every input to the engine. <see cref="Time"/> is stamped by the sequencer (unix seconds,
/// non-decreasing); the engine never reads a clock.
/// </summary>
public abstract record Transaction
{
    /// <summary>Sequencer time, unix seconds.</summary>
    public long Time { get; init; }

    /// <summary>The kind tag (first byte of the encoding).</summary>
    public abstract TxKind Kind { get; }

    /// <summary>Writes the fields after kind and time.</summary>
    protected abstract void WriteBody(CanonicalWriter w);

    /// <summary>Writes the canonical encoding: kind, time, body.</summary>
    public void Write(CanonicalWriter w)
    {
        w.U8((byte)Kind).I64(Time);
        WriteBody(w);
    }

    /// <summary>The canonical encoding as a new array.</summary>
    public byte[] Encode()
    {
        var w = new CanonicalWriter();
        Write(w);
        return w.ToArray();
    }
}
