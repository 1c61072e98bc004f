namespace Breakwater.Protocol.Markets;

/// <summary>Trading status of a market.</summary>
public enum MarketStatus : byte
{
    /// <summary>All operations allowed (subject to pause flags and oracle validity).</summary>
    Active = 0,

    /// <summary>Only trades that reduce each side's position.</summary>
    ReduceOnly = 1,

    /// <summary>No trades; liquidations only if <see cref="MarketParams.LiquidateWhenHalted"/>.</summary>
    Halted = 2,

    /// <summary>Final settlement at a stated price; nothing trades again.</summary>
    Settlement = 3,
}
