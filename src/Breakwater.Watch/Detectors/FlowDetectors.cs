using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>A sum over a sliding window of market time.</summary>
internal sealed class WindowSum(long seconds)
{
    private readonly Queue<(long T, double V)> _items = new();
    public double Sum { get; private set; }

    public double Add(long time, double value)
    {
        _items.Enqueue((time, value));
        Sum += value;
        return Trim(time);
    }

    public double Trim(long time)
    {
        while (_items.Count > 0 && _items.Peek().T <= time - seconds) Sum -= _items.Dequeue().V;
        return Sum;
    }
}

/// <summary>
/// Liquidation cascade: liquidated notional (fill price × size) over the last <see cref="WindowSeconds"/> above
/// <see cref="Fraction"/> of open-interest notional is a finding (level 2: slow the cascade).
/// </summary>
public sealed class LiquidationCascadeDetector : IDetector
{
    /// <summary>Window, seconds. Default 300.</summary>
    public long WindowSeconds { get; init; } = 300;
    /// <summary>Share of OI. Default 10 %.</summary>
    public double Fraction { get; init; } = 0.10;
    /// <summary>Ignore windows below this notional (USD). Default $50,000.</summary>
    public double MinNotionalUsd { get; init; } = 50_000;

    private readonly MarketBook _book = new();
    private readonly Dictionary<int, WindowSum> _sums = new();

    /// <inheritdoc />
    public string Name => "liquidation-cascade";

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        _book.Observe(e);
        if (e is not Liquidated l) yield break;
        if (!_sums.TryGetValue(l.Market, out var w)) _sums[l.Market] = w = new WindowSum(WindowSeconds);
        var sum = w.Add(time, Math.Abs(MarketBook.Units(l.Size)) * MarketBook.Dollars(l.FillPrice));
        var oi = Math.Max(_book.OpenInterestUsd(l.Market), 1);
        if (sum > MinNotionalUsd && sum / (oi + sum) > Fraction)
            yield return new Finding(Name, "liquidation-cascade", Severity.High, l.Market, time, sum / (oi + sum), Fraction, 2, $"cascade:{l.Market}:{time / 1800}");
    }
}

/// <summary>
/// Outflow from a stock over a sliding window, as a share of the stock before the window's outflows:
/// outflow / (stock after + outflow). Shared by the insurance-drain and TVL-outflow detectors.
/// </summary>
internal sealed class OutflowRatio(long windowSeconds)
{
    private WindowSum? _window;

    /// <summary>Records an outflow that left <paramref name="stockAfter"/>; returns the window's ratio.</summary>
    public double Add(long time, double amount, double stockAfter)
    {
        var outflow = (_window ??= new WindowSum(windowSeconds)).Add(time, amount);
        return outflow / Math.Max(stockAfter + outflow, 1e-9);
    }
}

/// <summary>Insurance fund drain: draws within the window above <see cref="Fraction"/> of the fund before them (level 2).</summary>
public sealed class InsuranceDrainDetector : IDetector
{
    /// <summary>Window, seconds. Default 3,600.</summary>
    public long WindowSeconds { get; init; } = 3_600;
    /// <summary>Share of the fund. Default 10 %.</summary>
    public double Fraction { get; init; } = 0.10;

    private OutflowRatio? _draws;

    /// <inheritdoc />
    public string Name => "insurance-drain";

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        if (e is not InsuranceFundDrawn d) yield break;
        var ratio = (_draws ??= new OutflowRatio(WindowSeconds)).Add(time, d.Amount.Micros / 1e6, d.FundAfter.Micros / 1e6);
        if (ratio > Fraction)
            yield return new Finding(Name, "insurance-drain", Severity.High, -1, time, ratio, Fraction, 2, $"drain:{time / 3600}");
    }
}

/// <summary>
/// Collateral outflow — a run (critical, level 2), by value or by head count: withdrawals within the window above
/// <see cref="Fraction"/> of the deposits held (TVL) before them, leaving out an account that holds more than
/// <see cref="DominantShare"/> of TVL (a backstop or market maker, whose size would hide a run by everyone else); or
/// more than <see cref="Fraction"/> of funded accounts each taking out at least half of what they held, within the window.
/// </summary>
public sealed class TvlOutflowDetector : IDetector
{
    /// <summary>Window, seconds. Default 3,600.</summary>
    public long WindowSeconds { get; init; } = 3_600;
    /// <summary>Share of TVL. Default 10 %.</summary>
    public double Fraction { get; init; } = 0.10;
    /// <summary>Share of TVL above which one account is treated as a liquidity provider and left out. Default 50 %.</summary>
    public double DominantShare { get; init; } = 0.5;

    private readonly Dictionary<long, double> _balances = new();
    private readonly Queue<(long Time, long Account)> _runners = new();
    private readonly Dictionary<long, int> _runnerCount = new();
    private OutflowRatio? _out;
    private double _tvl;

    /// <inheritdoc />
    public string Name => "tvl-outflow";

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        switch (e)
        {
            case Deposited d:
                _tvl += d.Amount.Micros / 1e6;
                _balances[d.Account] = _balances.GetValueOrDefault(d.Account) + d.Amount.Micros / 1e6;
                break;
            case Withdrawn w:
                var amount = w.Amount.Micros / 1e6;
                var before = _balances.GetValueOrDefault(w.Account);
                _tvl -= amount;
                _balances[w.Account] = before - amount;
                if (before > 0 && amount >= before / 2)
                {
                    _runners.Enqueue((time, w.Account));
                    _runnerCount[w.Account] = _runnerCount.GetValueOrDefault(w.Account) + 1;
                }
                while (_runners.Count > 0 && _runners.Peek().Time <= time - WindowSeconds)
                {
                    var (_, gone) = _runners.Dequeue();
                    if (--_runnerCount[gone] == 0) _runnerCount.Remove(gone);
                }
                var funded = _balances.Count(kv => kv.Value > 0 || _runnerCount.ContainsKey(kv.Key));
                var share = funded == 0 ? 0 : _runnerCount.Count / (double)funded;
                if (share > Fraction)
                    yield return new Finding(Name, "withdrawal-run", Severity.Critical, -1, time, share, Fraction, 2, $"tvl:{time / 3600}");
                var (dominant, dominantBalance) = _balances.Count == 0 ? (0L, 0.0) : _balances.MaxBy(kv => kv.Value) is var top ? (top.Key, top.Value) : (0L, 0.0);
                var excluded = dominantBalance > DominantShare * _tvl ? dominant : long.MinValue;
                if (w.Account == excluded) break;
                var held = excluded == long.MinValue ? _tvl : _tvl - dominantBalance;
                var ratio = (_out ??= new OutflowRatio(WindowSeconds)).Add(time, amount, held);
                if (ratio > Fraction)
                    yield return new Finding(Name, "tvl-outflow", Severity.Critical, -1, time, ratio, Fraction, 2, $"tvl:{time / 3600}");
                break;
        }
    }
}

/// <summary>
/// One-sided flow: over the window, the share of filled size that bought above the mark (or sold below it) beyond
/// <see cref="Imbalance"/>, with notional above a floor — a squeeze or a position being built (medium, no action).
/// </summary>
public sealed class OneSidedFlowDetector : IDetector
{
    /// <summary>Window, seconds. Default 900.</summary>
    public long WindowSeconds { get; init; } = 900;
    /// <summary>Imbalance share. Default 0.9.</summary>
    public double Imbalance { get; init; } = 0.9;
    /// <summary>Notional floor (USD). Default $1,000,000.</summary>
    public double MinNotionalUsd { get; init; } = 1_000_000;

    private readonly MarketBook _book = new();
    private readonly Dictionary<int, (WindowSum Buy, WindowSum Sell)> _flow = new();

    /// <inheritdoc />
    public string Name => "one-sided-flow";

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        _book.Observe(e);
        if (e is not TradeSettled t) yield break;
        if (!_flow.TryGetValue(t.Market, out var f)) _flow[t.Market] = f = (new WindowSum(WindowSeconds), new WindowSum(WindowSeconds));
        var notional = MarketBook.Units(t.Size) * MarketBook.Dollars(t.Price);
        var buyerInitiated = MarketBook.Dollars(t.Price) >= _book.Mark(t.Market);
        var buy = buyerInitiated ? f.Buy.Add(time, notional) : f.Buy.Trim(time);
        var sell = buyerInitiated ? f.Sell.Trim(time) : f.Sell.Add(time, notional);
        var total = buy + sell;
        if (total > MinNotionalUsd && Math.Max(buy, sell) / total > Imbalance)
            yield return new Finding(Name, "one-sided-flow", Severity.Medium, t.Market, time, Math.Max(buy, sell) / total, Imbalance, 0, $"flow:{t.Market}:{time / 3600}");
    }
}
