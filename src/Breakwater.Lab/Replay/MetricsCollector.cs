using Breakwater.Lab.Data;
using Breakwater.Lab.Reports;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Lab.Replay;

/// <summary>Folds the engine's events into a <see cref="PolicyResult"/> (a projection; never feeds back into the core).</summary>
internal sealed class MetricsCollector(PolicyResult result, IReadOnlyList<string> symbols)
{
    private readonly IncidentLog _incidents = new(m => symbols[m]);
    private readonly Dictionary<int, (MarketStatus Status, long Since)> _status = new();
    private long _badDebtMicros, _adlMicros, _adlMinimalMicros, _fundPeakMicros, _fundDrawdownMicros, _fundingMicros;
    private double _liquidated;
    private readonly Dictionary<int, (bool Blocked, long Since)> _reduce = new();

    public double CumulativeLiquidated => _liquidated;
    public double CumulativeAdl => _adlMicros / (double)Usd.Scale;

    /// <summary>
    /// Folds protocol-owned liquidity after a transaction (the insurance fund plus the liquidity vault: a migration moves
    /// money out of harm's way, it loses none) into the peak-to-trough drawdown.
    /// </summary>
    public void ObserveFund(Usd fund)
    {
        _fundPeakMicros = Math.Max(_fundPeakMicros, fund.Micros);
        _fundDrawdownMicros = Math.Max(_fundDrawdownMicros, _fundPeakMicros - fund.Micros);
    }

    /// <summary>Records whether holders of <paramref name="market"/> can lower risk from <paramref name="time"/> on.</summary>
    public void ObserveReduce(int market, long time, bool blocked)
    {
        if (_reduce.TryGetValue(market, out var st) && st.Blocked == blocked) return;
        if (st.Blocked) result.CannotReduceSeconds += time - st.Since;
        _reduce[market] = (blocked, time);
    }

    /// <summary>Counts a liquidation executed at a contested price.</summary>
    public void ObserveContested(IReadOnlyList<ProtocolEvent> events)
    {
        foreach (var e in events)
        {
            if (e is not Liquidated l) continue;
            result.ContestedLiquidationCount++;
            result.ContestedLiquidatedNotionalUsd += Math.Abs(l.Size.Units) / (double)Size.Scale * (l.FillPrice.Units / (double)Price.Scale);
        }
    }

    public void Observe(long time, IReadOnlyList<ProtocolEvent> events)
    {
        // By index: a foreach over the interface would allocate an enumerator for every transaction of the replay.
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            result.Events++;
            _incidents.Apply(e, time);
            switch (e)
            {
                case Liquidated l:
                    result.LiquidationCount++;
                    _liquidated += Math.Abs(l.Size.Units) / (double)Size.Scale * (l.FillPrice.Units / (double)Price.Scale);
                    break;
                case InsuranceFundDrawn d: _badDebtMicros += d.Amount.Micros; break;
                case SocializedLossRecorded s: _badDebtMicros += s.Amount.Micros; break;
                case AutoDeleveraged: result.AdlCount++; break;
                case LiquidityMigrated lm:
                    result.MigratedAt ??= $"{MarketDataReader.Iso(time)} ({lm.Trigger}{(lm.Market >= 0 ? ", " + symbols[lm.Market] : "")})";
                    break;
                case MarketSettled ms:
                    result.Settlement = new SettlementRecord(symbols[ms.Market], ms.Price.Units / (double)Price.Scale, MarketDataReader.Iso(time), ms.Positions);
                    break;
                case FundingSettled f:
                    _fundingMicros += f.Paid.Micros;
                    result.Funding.Add(new FundingPoint(f.IntervalStart, symbols[f.Market], f.RatePpb / 1e9, f.PremiumPpb / 1e9, f.Paid.Micros / (double)Usd.Scale));
                    break;
                case AdlSummary a: _adlMicros += a.AdlNotional.Micros; _adlMinimalMicros += a.MinimalNotional.Micros; break;
                case MarketStatusChanged s:
                    Close(s.Market, time);
                    _status[s.Market] = (s.To, time);
                    if (s.To == MarketStatus.Halted) result.HaltCount++;
                    break;
            }
        }
    }

    private void Close(int market, long time)
    {
        if (!_status.TryGetValue(market, out var st)) return;
        if (st.Status == MarketStatus.Halted) result.HaltSeconds += time - st.Since;
        if (st.Status == MarketStatus.ReduceOnly) result.ReduceOnlySeconds += time - st.Since;
    }

    public void Finish(long endTime, ProtocolEngine engine, long backstop, Usd backstopDeposit)
    {
        foreach (var m in _status.Keys.ToList()) Close(m, endTime);
        // The report's incidents: opening, highest level, closing, and every later step with its time.
        result.Incidents.AddRange(_incidents.All.Select(i => new IncidentRecord
        {
            Id = i.Id, Market = i.Market, Trigger = i.Trigger, Level = i.Level, OpenedAt = MarketDataReader.Iso(i.OpenedAt),
            ClosedAt = i.ClosedAt is { } c ? MarketDataReader.Iso(c) : null,
            Actions = [.. i.Timeline.Skip(1).Where(t => t.Text != "closed").Select(t => $"{MarketDataReader.Iso(t.Time)} {t.Text}")],
        }));
        foreach (var m in _reduce.Keys.ToList()) ObserveReduce(m, endTime, !_reduce[m].Blocked);
        result.InsuranceDrawdownUsd = _fundDrawdownMicros / (double)Usd.Scale;
        result.ContestedLiquidatedNotionalUsd = Math.Round(result.ContestedLiquidatedNotionalUsd, 2);
        result.BadDebtUsd = _badDebtMicros / (double)Usd.Scale;
        result.AdlNotionalUsd = _adlMicros / (double)Usd.Scale;
        result.FundingPaidUsd = _fundingMicros / (double)Usd.Scale;
        result.VaultUsd = engine.State.Vault.Micros / (double)Usd.Scale;
        result.AdlMinimalNotionalUsd = _adlMinimalMicros / (double)Usd.Scale;
        result.LiquidatedNotionalUsd = Math.Round(_liquidated, 2);
        result.InsuranceFundEndUsd = engine.State.InsuranceFund.Micros / (double)Usd.Scale;
        result.SocializedLossUsd = engine.State.SocializedLoss.Micros / (double)Usd.Scale;
        result.BackstopPnlUsd = (engine.MarginOf(backstop).Equity - backstopDeposit).Micros / (double)Usd.Scale;
        result.LogHeadHash = engine.LogHeadHash;
        result.FinalStateHash = engine.StateHash();
    }
}
