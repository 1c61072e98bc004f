using System.Buffers.Binary;
using System.Text;

namespace Breakwater.Protocol.Hashing;

/// <summary>Reads what <see cref="CanonicalWriter"/> wrote.</summary>
/// <param name="data">The encoded bytes.</param>
public sealed class CanonicalReader(ReadOnlyMemory<byte> data)
{
    private int _pos;

    /// <summary>True when every byte has been read.</summary>
    public bool AtEnd => _pos == data.Length;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _pos + count > data.Length)
            throw new FormatException($"canonical data ends early: wanted {count} bytes at offset {_pos} of {data.Length}");
        var span = data.Span.Slice(_pos, count);
        _pos += count;
        return span;
    }

    /// <summary>Reads one byte.</summary>
    /// <exception cref="FormatException">the data ends early.</exception>
    public byte U8() => Take(1)[0];

    /// <summary>Reads a boolean byte.</summary>
    /// <exception cref="FormatException">the data ends early or the byte is not 0/1.</exception>
    public bool Bool() => U8() switch { 0 => false, 1 => true, var b => throw new FormatException($"bad boolean byte {b}") };

    /// <summary>Reads a 32-bit integer.</summary>
    /// <exception cref="FormatException">the data ends early.</exception>
    public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a 64-bit integer.</summary>
    /// <exception cref="FormatException">the data ends early.</exception>
    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>Reads a 128-bit integer.</summary>
    /// <exception cref="FormatException">the data ends early.</exception>
    public Int128 I128() => BinaryPrimitives.ReadInt128LittleEndian(Take(16));

    /// <summary>Reads a length-prefixed UTF-8 string.</summary>
    /// <exception cref="FormatException">the data ends early.</exception>
    public string Str() => Encoding.UTF8.GetString(Take(I32()));

    /// <summary>Reads length-prefixed raw bytes.</summary>
    /// <exception cref="FormatException">the data ends early.</exception>
    public byte[] Bytes() => Take(I32()).ToArray();
}
