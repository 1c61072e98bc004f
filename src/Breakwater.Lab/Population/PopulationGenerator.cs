namespace Breakwater.Lab.Population;

/// <summary>
/// Draws the population from <see cref="PopulationSpec"/> with a seeded <see cref="Random"/> (the seeded
/// generator's sequence is fixed across .NET versions), so a seed always gives the same accounts.
/// </summary>
public static class PopulationGenerator
{
    /// <summary>First population account id (ids below are reserved: 1 = backstop liquidity, 2 = concentrated position).</summary>
    public const long FirstAccount = 1_000;

    /// <summary>Generates the traders.</summary>
    /// <param name="spec">Distributions.</param>
    /// <param name="markets">Number of markets (accounts are spread evenly).</param>
    /// <param name="maxLeverage">Market maximum leverage (1/IMF).</param>
    /// <param name="entryFrom">Earliest entry time (unix s).</param>
    /// <param name="entryTo">Latest entry time (unix s, exclusive).</param>
    public static List<Trader> Generate(PopulationSpec spec, int markets, double maxLeverage, long entryFrom, long entryTo)
    {
        var rng = new Random(spec.Seed);
        var traders = new List<Trader>(spec.Accounts);
        var capLeverage = Math.Max(1.0, maxLeverage * spec.MaxLeverageShare);
        for (var i = 0; i < spec.Accounts; i++)
        {
            var isLong = rng.NextDouble() < spec.LongFraction;
            var z = Normal(rng);
            var notional = Math.Min(spec.MaxNotionalUsd, spec.MedianNotionalUsd * Math.Exp(spec.NotionalLogSigma * z));
            var u = 1.0 - rng.NextDouble(); // (0, 1]
            var leverage = Math.Min(capLeverage, spec.MinLeverage * Math.Pow(u, -1.0 / spec.LeverageTailAlpha));
            var entry = entryFrom + (long)(rng.NextDouble() * Math.Max(1, entryTo - entryFrom));
            var b = rng.NextDouble();
            var behavior = b < spec.AddMarginShare ? TraderBehavior.AddsMargin : b < spec.AddMarginShare + spec.DeRiskShare ? TraderBehavior.DeRisks : TraderBehavior.Passive;
            traders.Add(new Trader(FirstAccount + i, i % markets, isLong, notional, leverage, entry, behavior));
        }
        traders.Sort((a, b) => a.EntryTime != b.EntryTime ? a.EntryTime.CompareTo(b.EntryTime) : a.Account.CompareTo(b.Account));
        return traders;
    }

    private static double Normal(Random rng)
    {
        // Box–Muller.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
