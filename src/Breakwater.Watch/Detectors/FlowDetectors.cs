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
    /// <summary>
    /// Window, seconds. Default 1,800: under a protective policy liquidations come spread over many reports (LUNA under
    /// breakwater), so a 5-minute window saw no cascade at any threshold above 5 %.
    /// </summary>
    public long WindowSeconds { get; init; } = 1_800;
    /// <summary>
    /// Share of open interest liquidated within the window. Default 10 %: the LUNA crash's peak window after its labelled
    /// onset lies between 10 and 12 % under breakwater, and a 12 % default missed it once the lab's traders trade only after
    /// their deposits mature (entries a report later); 10 % finds the same false alarms as 12 % on the current suite.
    /// </summary>
    public double Fraction { get; init; } = 0.10;
    /// <summary>Ignore windows below this notional (USD). Default $50,000.</summary>
    public double MinNotionalUsd { get; init; } = 50_000;
    /// <summary>
    /// A lower share that is a cascade when it comes out of calm: the window's liquidations are more than
    /// <see cref="CalmRatio"/> times the market's mean window over the previous day. Default 8 %: a flash crash out of
    /// a quiet day (the Chainlink BTC crash of 17 August 2023 peaks near 9 % under breakwater, whose confirmation spreads
    /// liquidations over several reports), while a day that is already liquidating needs the full <see cref="Fraction"/>.
    /// </summary>
    public double CalmFraction { get; init; } = 0.08;
    /// <summary>
    /// How far above the previous day's mean window the lower share must be. Default 100× (detect-eval: 20× added four
    /// false alarms on LUNA's days before the labelled onset; 100× adds one there and one in the USDC weekend).
    /// </summary>
    public double CalmRatio { get; init; } = 100;

    private readonly MarketBook _book = new();
    private readonly Dictionary<int, WindowSum> _sums = new();
    private readonly Dictionary<int, WindowSum> _day = new();

    /// <inheritdoc />
    public string Name => "liquidation-cascade";

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => [IncidentClass.Crash];

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        _book.Observe(e);
        if (e is not Liquidated l) yield break;
        if (!_sums.TryGetValue(l.Market, out var w)) _sums[l.Market] = w = new WindowSum(WindowSeconds);
        var notional = Math.Abs(MarketBook.Units(l.Size)) * MarketBook.Dollars(l.FillPrice);
        if (!_day.TryGetValue(l.Market, out var day)) _day[l.Market] = day = new WindowSum(86_400 + WindowSeconds);
        // The previous day's liquidations, before this window: read before this one is added.
        var before = day.Trim(time) - w.Trim(time);
        day.Add(time, notional);
        var sum = w.Add(time, notional);
        var oi = Math.Max(_book.OpenInterestUsd(l.Market), 1);
        var share = sum / (oi + sum);
        var calmMean = Math.Max(0, before) * WindowSeconds / 86_400.0;
        if (sum > MinNotionalUsd && (share > Fraction || (share > CalmFraction && sum > CalmRatio * calmMean)))
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

/// <summary>The accounts that took out at least half of what they held within a sliding window, as a share of funded accounts.</summary>
internal sealed class RunnerWindow(long windowSeconds)
{
    private readonly Queue<(long Time, long Account)> _runners = new();
    private readonly Dictionary<long, int> _count = new();

    public double Share(long time, long account, bool ran, Dictionary<long, double> balances)
    {
        if (ran)
        {
            _runners.Enqueue((time, account));
            _count[account] = _count.GetValueOrDefault(account) + 1;
        }
        while (_runners.Count > 0 && _runners.Peek().Time <= time - windowSeconds)
        {
            var (_, gone) = _runners.Dequeue();
            if (--_count[gone] == 0) _count.Remove(gone);
        }
        var funded = balances.Count(kv => kv.Value > 0 || _count.ContainsKey(kv.Key));
        return funded == 0 ? 0 : _count.Count / (double)funded;
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
    public IReadOnlyList<string> Classes => [IncidentClass.Insolvency];

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
    /// <summary>The slow-run window, seconds: a run spread over hours. Default 21,600 (6 h).</summary>
    public long SlowWindowSeconds { get; init; } = 21_600;
    /// <summary>Share of TVL withdrawn (or of funded accounts running) within the slow window that is a run. Default 6 %.</summary>
    public double SlowFraction { get; init; } = 0.06;

    private OutflowRatio? _slow;

    private readonly Dictionary<long, double> _balances = new();
    private RunnerWindow? _runners;
    private RunnerWindow? _slowRunners;
    private OutflowRatio? _out;
    private double _tvl;

    /// <inheritdoc />
    public string Name => "tvl-outflow";

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => [IncidentClass.WithdrawalRun];

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
                var ran = before > 0 && amount >= before / 2;
                var share = (_runners ??= new RunnerWindow(WindowSeconds)).Share(time, w.Account, ran, _balances);
                var slowShare = (_slowRunners ??= new RunnerWindow(SlowWindowSeconds)).Share(time, w.Account, ran, _balances);
                if (share > Fraction || slowShare > SlowFraction)
                    yield return new Finding(Name, "withdrawal-run", Severity.Critical, -1, time, Math.Max(share, slowShare), share > Fraction ? Fraction : SlowFraction, 2, $"tvl:{time / SlowWindowSeconds}");
                var (dominant, dominantBalance) = _balances.Count == 0 ? (0L, 0.0) : _balances.MaxBy(kv => kv.Value) is var top ? (top.Key, top.Value) : (0L, 0.0);
                var excluded = dominantBalance > DominantShare * _tvl ? dominant : long.MinValue;
                if (w.Account == excluded) break;
                var held = excluded == long.MinValue ? _tvl : _tvl - dominantBalance;
                var ratio = (_out ??= new OutflowRatio(WindowSeconds)).Add(time, amount, held);
                var slow = (_slow ??= new OutflowRatio(SlowWindowSeconds)).Add(time, amount, held);
                if (ratio > Fraction || slow > SlowFraction)
                    yield return new Finding(Name, "tvl-outflow", Severity.Critical, -1, time, Math.Max(ratio, slow), ratio > Fraction ? Fraction : SlowFraction, 2, $"tvl:{time / SlowWindowSeconds}");
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
    public IReadOnlyList<string> Classes => [IncidentClass.Concentration];

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
