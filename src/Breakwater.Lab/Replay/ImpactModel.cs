using Breakwater.Lab.Data;

namespace Breakwater.Lab.Replay;

/// <summary>
/// Liquidation fill prices from the square-root impact law: impact = Y · σ · √(Q / V), with σ the daily
/// volatility, V the daily traded value and Y = 1 (Tóth et al., "Anomalous price impact and the critical nature
/// of liquidity in financial markets", PRX 2011; Almgren et al., "Direct estimation of equity market impact", 2005).
/// σ is an EWMA (λ = 0.94) of squared log returns between bar closes, scaled to a day; V an EWMA (λ = 0.9) of
/// bar quote volume scaled to a day, or the scenario's stated daily volume when the data has none. Thin, fast
/// markets therefore fill liquidations further from the mark, as they do in reality. Lab-side only (floating point
/// never reaches the core: the result is rounded to a fixed-point price).
/// </summary>
public sealed class ImpactModel(double fallbackDailyVolumeUsd)
{
    private double _variance = 1e-6;
    private double _volumePerSecond;
    private double _lastClose;
    private bool _hasVolume;

    /// <summary>Daily volatility (fraction).</summary>
    public double DailyVolatility { get; private set; } = 0.03;

    /// <summary>Feeds one bar.</summary>
    public void Observe(Bar bar)
    {
        var close = bar.Close;
        if (_lastClose > 0)
        {
            var r = Math.Log(close / _lastClose);
            _variance = 0.94 * _variance + 0.06 * r * r;
        }
        _lastClose = close;
        DailyVolatility = Math.Sqrt(_variance * 86_400.0 / Math.Max(1, bar.Interval));
        if (bar.QuoteVolume > 0)
        {
            var perSecond = bar.QuoteVolume / Math.Max(1, bar.Interval);
            _volumePerSecond = _hasVolume ? 0.9 * _volumePerSecond + 0.1 * perSecond : perSecond;
            _hasVolume = true;
        }
    }

    /// <summary>Daily traded value, USD.</summary>
    public double DailyVolumeUsd => _hasVolume ? Math.Max(1.0, _volumePerSecond * 86_400.0) : fallbackDailyVolumeUsd;

    /// <summary>Fractional impact of selling or buying <paramref name="notionalUsd"/> at once, in [0, 0.99].</summary>
    public double Impact(double notionalUsd) => Math.Clamp(DailyVolatility * Math.Sqrt(Math.Max(0, notionalUsd) / DailyVolumeUsd), 0, 0.99);
}
