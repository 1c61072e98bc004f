namespace Breakwater.Protocol.Oracle;

/// <summary>Operations whose permission depends on the oracle's validity grade.</summary>
public enum OracleOperation : byte
{
    /// <summary>A trade that opens or increases a position.</summary>
    Open = 0,

    /// <summary>A trade that only reduces a position.</summary>
    Reduce = 1,

    /// <summary>A liquidation.</summary>
    Liquidate = 2,

    /// <summary>A withdrawal by an account holding a position in this market.</summary>
    Withdraw = 3,

    /// <summary>Settling a funding interval (its premium is sampled only at this grade too).</summary>
    SettleFunding = 4,
}
