namespace Breakwater.Protocol.Guards;

/// <summary>What the price band says about the latest index.</summary>
public enum BreakerSignal : byte
{
    /// <summary>Inside the band, or the band is off.</summary>
    InBand = 0,

    /// <summary>Outside the band, for less than the limit-state period (limit up / limit down).</summary>
    Limit = 1,

    /// <summary>Outside the band for the whole limit-state period: halt.</summary>
    BreachHeld = 2,
}
