namespace Breakwater.Protocol.Oracle;

/// <summary>The latest report of one oracle source: price in 1e-8 USD and its time (unix seconds).</summary>
/// <param name="Units">Reported price, 1e-8 USD.</param>
/// <param name="Time">Report time, unix seconds.</param>
public readonly record struct SourceReport(long Units, long Time);
