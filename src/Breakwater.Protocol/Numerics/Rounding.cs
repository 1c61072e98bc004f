namespace Breakwater.Protocol.Numerics;

/// <summary>
/// Direction of an integer division. Every division in the core names one; the rule is that
/// rounding goes against the account and in favour of protocol solvency.
/// </summary>
public enum Rounding : byte
{
    /// <summary>Toward negative infinity (⌊x⌋).</summary>
    Floor = 0,

    /// <summary>Toward positive infinity (⌈x⌉).</summary>
    Ceiling = 1,
}
