using Breakwater.Lab.Scenarios;

namespace Breakwater.Lab.Population;

/// <summary>
/// The seeded account population. Notional is log-normal (median <see cref="MedianNotionalUsd"/>, σ of the log
/// <see cref="NotionalLogSigma"/>, capped at <see cref="MaxNotionalUsd"/>): most accounts are small, a few are whales.
/// Leverage is Pareto: L = <see cref="MinLeverage"/> · U^(−1/α) with α = <see cref="LeverageTailAlpha"/>, capped at
/// <see cref="MaxLeverageShare"/> of the market's maximum (1/IMF): most traders use a few ×, a heavy tail runs near
/// the limit. Entry times are uniform over the day before the window, at the real price of that moment.
/// </summary>
public sealed record PopulationSpec
{
    /// <summary>Number of accounts. Default 10,000.</summary>
    public int Accounts { get; init; } = 10_000;

    /// <summary>Seed of the generator. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Share of accounts that are long. Default 0.6 (crowded longs before a crash are the common case).</summary>
    public double LongFraction { get; init; } = 0.6;

    /// <summary>Median position notional, USD. Default $5,000.</summary>
    public double MedianNotionalUsd { get; init; } = 5_000;

    /// <summary>σ of log notional. Default 1.2 (a 1-in-100 account is ~16× the median).</summary>
    public double NotionalLogSigma { get; init; } = 1.2;

    /// <summary>Largest notional, USD. Default $2,000,000.</summary>
    public double MaxNotionalUsd { get; init; } = 2_000_000;

    /// <summary>Smallest leverage. Default 1.5×.</summary>
    public double MinLeverage { get; init; } = 1.5;

    /// <summary>Pareto tail index of leverage. Default 1.2.</summary>
    public double LeverageTailAlpha { get; init; } = 1.2;

    /// <summary>Cap on leverage as a share of the market's maximum 1/IMF. Default 0.9.</summary>
    public double MaxLeverageShare { get; init; } = 0.9;

    /// <summary>Share of accounts that add margin when close to liquidation (up to 3 times). Default 0.2.</summary>
    public double AddMarginShare { get; init; } = 0.2;

    /// <summary>Share of accounts that halve their position when margin gets thin (once). Default 0.2.</summary>
    public double DeRiskShare { get; init; } = 0.2;

    /// <summary>Checks ranges.</summary>
    /// <exception cref="ScenarioException">a value out of range.</exception>
    public void Validate(string where)
    {
        if (Accounts is < 1 or > 5_000_000) throw new ScenarioException($"{where}: population.accounts must be 1..5,000,000");
        if (LongFraction is < 0 or > 1) throw new ScenarioException($"{where}: population.longFraction must be in [0, 1]");
        if (!(MedianNotionalUsd > 0) || !(MaxNotionalUsd >= MedianNotionalUsd)) throw new ScenarioException($"{where}: population notional bounds are inconsistent");
        if (!(MinLeverage >= 1) || !(LeverageTailAlpha > 0) || MaxLeverageShare is <= 0 or > 1) throw new ScenarioException($"{where}: population leverage settings out of range");
        if (AddMarginShare < 0 || DeRiskShare < 0 || AddMarginShare + DeRiskShare > 1) throw new ScenarioException($"{where}: addMarginShare + deRiskShare must be within [0, 1]");
    }
}
