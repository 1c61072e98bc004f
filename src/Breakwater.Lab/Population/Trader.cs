namespace Breakwater.Lab.Population;

/// <summary>How an account reacts when its margin gets thin.</summary>
public enum TraderBehavior : byte
{
    /// <summary>Does nothing until liquidated.</summary>
    Passive = 0,

    /// <summary>Deposits back up to initial margin when below 1.5 × maintenance, at most three times.</summary>
    AddsMargin = 1,

    /// <summary>Halves its position when below 2 × maintenance, once.</summary>
    DeRisks = 2,
}

/// <summary>One generated account. A value: a million of them are one 40-byte-per-trader array, not a million objects.</summary>
/// <param name="Account">Account id.</param>
/// <param name="Market">Market index in the scenario.</param>
/// <param name="IsLong">Side.</param>
/// <param name="NotionalUsd">Position notional at entry, USD.</param>
/// <param name="Leverage">Notional / collateral.</param>
/// <param name="EntryTime">Entry time, unix seconds.</param>
/// <param name="Behavior">Reaction to thin margin.</param>
public readonly record struct Trader(long Account, int Market, bool IsLong, double NotionalUsd, double Leverage, long EntryTime, TraderBehavior Behavior);
