using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Breakwater.Protocol.Hashing;

/// <summary>
/// Writes the canonical binary encoding used for hashing and for the log: fixed-width
/// little-endian integers, length-prefixed UTF-8 strings, never culture-dependent text.
/// </summary>
public sealed class CanonicalWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Copies the bytes written so far.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>Forgets everything written, keeping the buffer.</summary>
    public void Reset() => _buffer.ResetWrittenCount();

    /// <summary>Writes one byte.</summary>
    public CanonicalWriter U8(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    /// <summary>Writes a boolean as one byte (0 or 1).</summary>
    public CanonicalWriter Bool(bool value) => U8(value ? (byte)1 : (byte)0);

    /// <summary>Writes a 32-bit integer, little-endian.</summary>
    public CanonicalWriter I32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    /// <summary>Writes a 64-bit integer, little-endian.</summary>
    public CanonicalWriter I64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    /// <summary>Writes a 128-bit integer, little-endian (16 bytes, two's complement).</summary>
    public CanonicalWriter I128(Int128 value)
    {
        BinaryPrimitives.WriteInt128LittleEndian(_buffer.GetSpan(16), value);
        _buffer.Advance(16);
        return this;
    }

    /// <summary>Writes a UTF-8 string prefixed by its byte length (32-bit).</summary>
    public CanonicalWriter Str(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        I32(count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
        return this;
    }

    /// <summary>Writes raw bytes prefixed by their length (32-bit).</summary>
    public CanonicalWriter Bytes(ReadOnlySpan<byte> value)
    {
        I32(value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
        return this;
    }
}
