namespace Breakwater.Lab.Replay;

/// <summary>One oracle report in replay order.</summary>
/// <param name="Time">Unix seconds.</param>
/// <param name="Market">Market index.</param>
/// <param name="Source">Source index.</param>
/// <param name="Units">Reported price, 1e-8 USD (after injections).</param>
public readonly record struct TimelineItem(long Time, int Market, int Source, long Units);
