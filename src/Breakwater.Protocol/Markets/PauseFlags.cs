namespace Breakwater.Protocol.Markets;

/// <summary>
/// Granular pause flags, per market and protocol-wide (the pattern of Drift's ExchangeStatus and
/// PerpOperation masks): a response switches off exactly the operation at risk.
/// </summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "'pause flags' is the field's term (design.md: reduce-only and granular pause flags)")]
public enum PauseFlags : byte
{
    /// <summary>Nothing paused.</summary>
    None = 0,

    /// <summary>Trades that open or increase a position.</summary>
    Open = 1,

    /// <summary>Trades that reduce a position.</summary>
    Reduce = 2,

    /// <summary>Liquidations.</summary>
    Liquidate = 4,

    /// <summary>Deposits (protocol-wide only).</summary>
    Deposit = 8,

    /// <summary>Withdrawals (protocol-wide, or for accounts holding a position in a paused market).</summary>
    Withdraw = 16,

    /// <summary>Parameter updates.</summary>
    ParameterUpdate = 32,

    /// <summary>Every flag.</summary>
    All = Open | Reduce | Liquidate | Deposit | Withdraw | ParameterUpdate,
    /// <summary>
    /// Not a pause: the council's emergency message (protocol-wide, council only) may carry it to move protocol-owned
    /// liquidity into the timelocked vault at once, before the critical level does (it is never stored as a flag).
    /// </summary>
    MigrateLiquidity = 64,
}
