namespace Breakwater.Protocol.Guards;

/// <summary>Why a market's response level changed; names the condition that crossed its threshold.</summary>
public enum IncidentTrigger : byte
{
    /// <summary>No trigger (level 0).</summary>
    None = 0,

    /// <summary>Realized volatility above its baseline (level 1).</summary>
    VolatilityElevated = 1,

    /// <summary>Oracle sources diverging (level 1).</summary>
    OracleDiverging = 2,

    /// <summary>Index outside its price band (limit state, level 2).</summary>
    PriceBandLimit = 3,

    /// <summary>Liquidated notional per window above its fraction of open interest (level 2).</summary>
    LiquidationSpike = 4,

    /// <summary>Insurance fund falling faster than its bound (level 2).</summary>
    InsuranceFundDrain = 5,

    /// <summary>Oracle stale (level 3).</summary>
    OracleStale = 6,

    /// <summary>Too few oracle sources after outlier rejection (level 3).</summary>
    OracleInsufficientSources = 7,

    /// <summary>Oracle too volatile (level 3).</summary>
    OracleTooVolatile = 8,

    /// <summary>Index held outside its band for the limit-state period (level 3: halt).</summary>
    PriceBandBreachHeld = 9,

    /// <summary>A level floor set by a watcher quorum or the security council.</summary>
    ExternalRequest = 10,

    /// <summary>Staged recovery: the trigger cleared and the cooldown passed.</summary>
    Recovery = 11,

    /// <summary>The market-wide index fell past a market-wide breaker level (all markets together).</summary>
    MarketWideDecline = 12,
}
