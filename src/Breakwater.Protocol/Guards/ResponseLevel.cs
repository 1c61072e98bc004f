namespace Breakwater.Protocol.Guards;

/// <summary>
/// The response ladder's levels (design: "Response ladder"), in order of severity. The numbers are the encoding in the
/// log, the state hash, signed attestations and the JSON API (levels stay numbers there), so they never change.
/// </summary>
public enum ResponseLevel
{
    /// <summary>No response in force.</summary>
    Normal = 0,

    /// <summary>Margins raised by the ladder's multiplier and the open-interest cap cut.</summary>
    Elevated = 1,

    /// <summary>Reduce-only: positions may shrink, not grow.</summary>
    High = 2,

    /// <summary>The market is halted (circuit breaker) until the level steps down.</summary>
    Severe = 3,

    /// <summary>Halted, with the emergency actions of the critical level (vault migration, pauses).</summary>
    Critical = 4,
}

/// <summary>Steps on the ladder.</summary>
public static class ResponseLevels
{
    /// <summary>The level one step up, never past <paramref name="ceiling"/>.</summary>
    public static ResponseLevel StepUp(this ResponseLevel level, ResponseLevel ceiling) => level >= ceiling ? ceiling : level + 1;

    /// <summary>The higher of two levels.</summary>
    public static ResponseLevel Max(ResponseLevel a, ResponseLevel b) => a >= b ? a : b;

    /// <summary>The lower of two levels.</summary>
    public static ResponseLevel Min(ResponseLevel a, ResponseLevel b) => a <= b ? a : b;

    /// <summary>
    /// A level from its number on the wire (an attestation's or a threat signal's <c>level</c> field), or null when the
    /// number names no level.
    /// </summary>
    public static ResponseLevel? FromNumber(long number) => number is >= 0 and <= 4 ? (ResponseLevel)number : null;

    /// <summary>Reads a level written as its I32 number.</summary>
    /// <exception cref="FormatException">the number names no level.</exception>
    internal static ResponseLevel Read(Hashing.CanonicalReader r)
    {
        var n = r.I32();
        return FromNumber(n) ?? throw new FormatException($"{n} is not a response level (0–4)");
    }
}
