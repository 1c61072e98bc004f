namespace Breakwater.Protocol.Markets;

/// <summary>How auto-deleveraging picks and sizes counterparties.</summary>
public enum AdlMode : byte
{
    /// <summary>
    /// Minimal size, counterparties ranked by PnL % × effective leverage (the BitMEX ranking,
    /// also used by Hyperliquid): the highest-ranked position is reduced first. The default.
    /// </summary>
    Ranked = 0,

    /// <summary>Minimal size, shared pro-rata by size across all profitable opposite positions.</summary>
    ProRata = 1,

    /// <summary>
    /// The greedy venue queue, for comparison only: the whole remaining bankrupt position goes to
    /// ADL in ranking order, without first using the insurance fund. Over-closes by construction.
    /// </summary>
    GreedyQueue = 2,
}
