using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

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
                _tvl += MarketBook.Dollars(d.Amount);
                _balances[d.Account] = _balances.GetValueOrDefault(d.Account) + MarketBook.Dollars(d.Amount);
                break;
            case Withdrawn w:
                var amount = MarketBook.Dollars(w.Amount);
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
