using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Markets;

/// <summary>How a parameter is written in the canonical encoding.</summary>
public enum ParamEncoding : byte
{
    /// <summary>A signed 64-bit integer (fractions in ppm, USD in 1e-6, sizes and prices in 1e-8, seconds).</summary>
    I64 = 0,
    /// <summary>A signed 32-bit integer (counts).</summary>
    I32 = 1,
    /// <summary>One byte, 0 or 1.</summary>
    Bool = 2,
    /// <summary>One byte (an enum's number).</summary>
    U8 = 3,
}

/// <summary>What a parameter's number means, so that a file can spell it in its unit.</summary>
public enum ParamUnit : byte
{
    /// <summary>A fraction in ppm; written in files as a decimal (0.05 = 5 %).</summary>
    Fraction = 0,
    /// <summary>USD in 1e-6; decimal dollars in files.</summary>
    Usd = 1,
    /// <summary>Base units in 1e-8; decimal in files.</summary>
    Size = 2,
    /// <summary>USD per base unit in 1e-8; decimal in files.</summary>
    Price = 3,
    /// <summary>Seconds or another integer count.</summary>
    Count = 4,
    /// <summary>true / false.</summary>
    Boolean = 5,
    /// <summary><see cref="Markets.AdlMode"/> by name.</summary>
    AdlMode = 6,
}

/// <summary>
/// One parameter of a parameter record <typeparamref name="T"/>: its name in scenario and policy files (null: not
/// settable from a file), its unit, its encoding, and how to read and set it (as the integer the encoding carries).
/// </summary>
/// <param name="Name">The file name of the parameter, e.g. <c>breaker.band</c>, or null.</param>
/// <param name="Unit">What its number means.</param>
/// <param name="Encoding">How it is written.</param>
/// <param name="Get">Its value as an integer (ppm, 1e-6 USD, 1e-8 units, seconds, 0/1, the enum's number).</param>
/// <param name="Set">A copy with it set from such an integer.</param>
public sealed record ParamField<T>(string? Name, ParamUnit Unit, ParamEncoding Encoding, Func<T, long> Get, Func<T, long, T> Set);

/// <summary>
/// The fields of a parameter record, once, in canonical-encoding order: its encoding and the names files use are both
/// read from here, so they cannot drift apart.
/// </summary>
/// <typeparam name="T">The record.</typeparam>
public sealed class ParamSchema<T>
{
    private readonly Func<T> _defaults;

    /// <summary>A schema of <paramref name="fields"/> (in encoding order) over records made by <paramref name="defaults"/>.</summary>
    public ParamSchema(IReadOnlyList<ParamField<T>> fields, Func<T> defaults)
    {
        Fields = fields;
        _defaults = defaults;
        ByName = fields.Where(f => f.Name is not null).ToDictionary(f => f.Name!, StringComparer.Ordinal);
    }

    /// <summary>The fields, in encoding order.</summary>
    public IReadOnlyList<ParamField<T>> Fields { get; }

    /// <summary>The fields a file can set, by name.</summary>
    public IReadOnlyDictionary<string, ParamField<T>> ByName { get; }

    /// <summary>Writes every field in order.</summary>
    public void Write(CanonicalWriter w, T p)
    {
        foreach (var f in Fields)
        {
            var v = f.Get(p);
            switch (f.Encoding)
            {
                case ParamEncoding.I64: w.I64(v); break;
                case ParamEncoding.I32: w.I32(checked((int)v)); break;
                case ParamEncoding.Bool: w.Bool(v != 0); break;
                default: w.U8(checked((byte)v)); break;
            }
        }
    }

    /// <summary>Reads every field in order onto the defaults.</summary>
    /// <exception cref="FormatException">truncated data.</exception>
    public T Read(CanonicalReader r)
    {
        var p = _defaults();
        foreach (var f in Fields)
            p = f.Set(p, f.Encoding switch
            {
                ParamEncoding.I64 => r.I64(),
                ParamEncoding.I32 => r.I32(),
                ParamEncoding.Bool => r.Bool() ? 1 : 0,
                _ => r.U8(),
            });
        return p;
    }
}
