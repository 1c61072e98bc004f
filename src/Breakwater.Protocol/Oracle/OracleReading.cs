namespace Breakwater.Protocol.Oracle;

/// <summary>
/// The result of aggregating a market's sources at one instant.
/// </summary>
/// <param name="Validity">The grade.</param>
/// <param name="IndexUnits">Median of accepted sources, 1e-8 USD; 0 when none is accepted.</param>
/// <param name="FreshSources">Sources with a report within the max age.</param>
/// <param name="AcceptedSources">Fresh sources left after outlier rejection.</param>
/// <param name="RejectedMask">Bit i set when source i was fresh but rejected as an outlier.</param>
/// <param name="SpreadPpm">(max − min) / index of accepted sources, ppm.</param>
/// <param name="MovePpm">|index − rolling average| / rolling average, ppm (0 without a reference).</param>
public readonly record struct OracleReading(
    OracleValidity Validity, long IndexUnits, int FreshSources, int AcceptedSources, ulong RejectedMask, long SpreadPpm, long MovePpm);
