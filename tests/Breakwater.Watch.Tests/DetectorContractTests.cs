using System.Reflection;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Watch.Detectors;

namespace Breakwater.Watch.Tests;

/// <summary>
/// What every detector of the default set promises, whatever it detects: a unique name, classes from
/// <see cref="IncidentClass"/>, no finding on a calm market (two days of agreeing three-source reports moving ±0.1 %,
/// steady deposits and small two-sided trades), findings that name the detector with a level of 0–3, and the same
/// findings from a fresh instance fed the same stream.
/// </summary>
public class DetectorContractTests
{
    public static TheoryData<string> Names => [.. DetectorSet.Default().Select(d => d.Name)];

    private static readonly string[] KnownClasses = typeof(IncidentClass).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    private static IDetector Fresh(string name) => DetectorSet.Default().Single(d => d.Name == name);

    /// <summary>A calm market: reports every 15 s from three agreeing sources, a deposit and a small trade a minute.</summary>
    private static IEnumerable<(long Time, ProtocolEvent Event)> Calm()
    {
        var price = 100.0;
        for (var i = 0; i < 2 * 86_400 / 15; i++)
        {
            var t = 1_700_000_000L + i * 15;
            if (i % 4 == 0) price *= i % 8 == 0 ? 1.001 : 0.999;
            var p = new Price((long)(price * Price.Scale));
            for (var s = 0; s < 3; s++) yield return (t, new OracleUpdated(0, s, p, p, p, OracleValidity.Valid, 3, 0));
            if (i % 4 != 0) continue;
            var account = 100 + i / 4 % 50;
            yield return (t, new Deposited(account, Usd.FromDollars(1_000), Usd.FromDollars(1_000)));
            yield return (t, new TradeSettled(0, account, account + 1, new Size(Size.Scale), p, Usd.Zero, Usd.Zero));
        }
    }

    [Fact]
    public void Names_AreUnique_AndClassesKnown()
    {
        var set = DetectorSet.Default();
        Assert.Equal(set.Count, set.Select(d => d.Name).Distinct().Count());
        Assert.All(set, d => Assert.NotEmpty(d.Classes));
        Assert.All(set, d => Assert.All(d.Classes, c => Assert.Contains(c, KnownClasses)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void CalmMarket_NoFinding(string name)
    {
        var d = Fresh(name);
        var findings = Calm().SelectMany(x => d.Observe(x.Time, x.Event)).ToList();
        Assert.True(findings.Count == 0, $"{name} fired on a calm market: {string.Join("; ", findings.Take(3))}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Crash_FindingsNameTheDetector_HaveALevel_AndRepeat(string name)
    {
        var first = Fresh(name);
        var a = Crash().SelectMany(x => first.Observe(x.Item1, x.Item2)).ToList();
        var second = Fresh(name);
        var b = Crash().SelectMany(x => second.Observe(x.Item1, x.Item2)).ToList();
        Assert.Equal(a, b);
        Assert.All(a, f => Assert.Equal(name, f.Detector));
        Assert.All(a, f => Assert.InRange(f.Level, 0, 3));
    }

    [Fact]
    public void Crash_IsFoundByTheOracleDetectors()
    {
        // Otherwise the contract above would hold vacuously.
        var fired = DetectorSet.Default().Where(d => Crash().Any(x => d.Observe(x.Item1, x.Item2).Any())).Select(d => d.Name).ToList();
        Assert.Contains("volatility", fired);
        Assert.Contains("oracle-divergence", fired);
    }

    /// <summary>The calm days, then the price falls 40 % in ten minutes and one source stops agreeing.</summary>
    private static IEnumerable<(long, ProtocolEvent)> Crash()
    {
        foreach (var x in Calm()) yield return x;
        var price = 100.0;
        for (var i = 0; i < 40; i++)
        {
            var t = 1_700_000_000L + 2 * 86_400 + i * 15;
            price *= 0.987;
            var p = new Price((long)(price * Price.Scale));
            for (var s = 0; s < 3; s++)
                yield return (t, new OracleUpdated(0, s, s == 2 ? new Price(p.Units * 13 / 10) : p, p, p, OracleValidity.Valid, 3, 0));
        }
    }
}
