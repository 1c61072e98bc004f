namespace Breakwater.Lab.Data;

/// <summary>One oracle report of a source: unix seconds and price in 1e-8 USD.</summary>
/// <param name="Time">Unix seconds.</param>
/// <param name="Units">Price, 1e-8 USD.</param>
public readonly record struct PricePoint(long Time, long Units);

/// <summary>One OHLCV bar: open time (unix s), interval (s), prices in 1e-8 USD, traded quote volume in USD (0 when unknown).</summary>
/// <param name="Time">Bar open, unix seconds.</param>
/// <param name="Interval">Bar length, seconds.</param>
/// <param name="Open">Open price units.</param>
/// <param name="High">High price units.</param>
/// <param name="Low">Low price units.</param>
/// <param name="Close">Close price units.</param>
/// <param name="QuoteVolume">Traded value in quote currency (reports only; never enters the core).</param>
public readonly record struct Bar(long Time, long Interval, long Open, long High, long Low, long Close, double QuoteVolume);
