using BenchmarkDotNet.Attributes;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Bench;

/// <summary>
/// <see cref="FixedMath.Div128"/> against the plain 128-bit quotient-and-remainder it replaced (baseline), on
/// numerators that fit 64 bits (most margin and fee arithmetic) and on ones that do not (size × price before scaling).
/// 1,000 divisions per invocation.
/// </summary>
public class DivisionBenchmarks
{
    private readonly Int128[] _small = new Int128[1_000];
    private readonly Int128[] _wide = new Int128[1_000];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(11);
        for (var i = 0; i < _small.Length; i++)
        {
            _small[i] = rng.NextInt64(-1_000_000_000_000, 1_000_000_000_000);
            _wide[i] = (Int128)rng.NextInt64(1, 10_000_000_000_000) * rng.NextInt64(1, 10_000_000_000_000);
        }
    }

    private static Int128 Plain(Int128 n, Int128 d, Rounding rounding)
    {
        var q = n / d;
        var r = n % d;
        if (r == 0) return q;
        var negative = (n < 0) != (d < 0);
        if (rounding == Rounding.Floor && negative) return q - 1;
        if (rounding == Rounding.Ceiling && !negative) return q + 1;
        return q;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1_000)]
    public Int128 PlainSmall()
    {
        Int128 s = 0;
        foreach (var n in _small) s += Plain(n, 10_000_000_000, Rounding.Floor);
        return s;
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public Int128 Div128Small()
    {
        Int128 s = 0;
        foreach (var n in _small) s += FixedMath.Div128(n, 10_000_000_000, Rounding.Floor);
        return s;
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public Int128 PlainWide()
    {
        Int128 s = 0;
        foreach (var n in _wide) s += Plain(n, 10_000_000_000, Rounding.Floor);
        return s;
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public Int128 Div128Wide()
    {
        Int128 s = 0;
        foreach (var n in _wide) s += FixedMath.Div128(n, 10_000_000_000, Rounding.Floor);
        return s;
    }
}
