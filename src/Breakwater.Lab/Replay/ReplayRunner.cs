using Breakwater.Lab.Policies;
using Breakwater.Lab.Population;
using Breakwater.Lab.Reports;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Lab.Replay;

/// <summary>
/// Replays a prepared scenario through a fresh engine under one policy, playing the roles around the protocol:
/// the oracle relayer (reports in time order), the traders (entries, margin top-ups, de-risking, injected runs),
/// and the keeper (liquidations found through the index, filled by the impact model, the backstop account as
/// liquidator). Every accepted transaction goes to the SQLite log.
/// </summary>
public sealed class ReplayRunner
{
    private readonly ReplayInput input;
    private readonly Policy policy;
    private readonly IReplaySink _sink;

    /// <summary>
    /// A replay of <paramref name="input"/> under <paramref name="policy"/> into <paramref name="sink"/>: a
    /// <see cref="LabSink"/> for the lab's own runs, a node's sequencer for a node. <see cref="Run"/> disposes the sink.
    /// </summary>
    public ReplayRunner(ReplayInput input, Policy policy, IReplaySink sink)
    {
        this.input = input;
        this.policy = policy;
        _sink = sink;
        _engine = sink.Engine;
    }

    /// <summary>The backstop liquidity account: takes the other side of entries and liquidations.</summary>
    public const long Backstop = 1;

    /// <summary>The account used by concentratedPosition injections.</summary>
    public const long Whale = 2;

    /// <summary>
    /// The outside market: where the backstop sells the positions it takes over in liquidations, at the impact-model
    /// price. Its PnL is the outside world's, not the protocol's.
    /// </summary>
    public const long OutsideMarket = 3;

    /// <summary>The account of flashLoan injections.</summary>
    public const long Attacker = 4;

    private readonly Dictionary<int, long> _inventory = new();
    private readonly Dictionary<long, long> _liquidatableSince = new();
    private readonly Dictionary<int, (long Minute, int Count)> _keeperLoad = new();

    /// <summary>How often traders look at their margin (seconds of market time).</summary>
    private const long BehaviorEverySeconds = 300;

    /// <summary>The lab's time tick: one report interval of the minute-bar walk (seconds of market time).</summary>
    public const long TickSeconds = 15;

    /// <summary>
    /// The lab's own measure of a contested price, whatever the policy grades: the latest fresh reports of a market's
    /// sources spread wider than this (ppm), the default divergence band (Drift's 2 % confidence limit).
    /// </summary>
    private static readonly long ContestedSpreadPpm = new Protocol.Markets.OracleParams().DivergenceBand.Ppm;

    private readonly ProtocolEngine _engine;
    private MetricsCollector? _metrics;
    private PolicyResult? _result;
    private Usd _backstopDeposit;
    private double[][]? _lastReport;
    private (long Units, long Time)[][]? _reportUnits;

    /// <summary>Runs the replay; reports progress in [0, 1].</summary>
    public PolicyResult Run(IProgress<double>? progress = null)
    {
        using var sink = _sink;
        var count = input.Timeline.Count;
        var k = 0;
        foreach (var _ in Steps())
            if ((++k & 1023) == 0) progress?.Report(k / (double)count);
        var end = Math.Max(input.End, _engine.State.Time);
        Sample(end, _lastReport![0]);
        _metrics!.Finish(end, _engine, Backstop, _backstopDeposit);
        sink.Complete([("scenario", input.Scenario.Name), ("policy", policy.Name), ("final_state_hash", _result!.FinalStateHash),
            ("log_head_hash", _result.LogHeadHash)]);
        progress?.Report(1);
        return _result!;
    }

    /// <summary>Called with the time, transaction and reason of every refused transaction.</summary>
    public Action<long, Transaction, Rejection>? RejectionObserver { get; set; }

    /// <summary>Called with the time and events of every accepted transaction (for detectors and other projections).</summary>
    public Action<long, IReadOnlyList<Protocol.Events.ProtocolEvent>>? Observer { get; set; }

    /// <summary>The result so far (complete after <see cref="Run"/>).</summary>
    public PolicyResult? Result => _result;

    /// <summary>
    /// Applies genesis, then one oracle report (with the trader and keeper actions due by then) per step,
    /// yielding the report's market time (unix s) after each.
    /// </summary>
    public IEnumerable<long> Steps()
    {
        _result = new PolicyResult { Name = policy.Name, EventLog = _sink.EventLog };
        _metrics = new MetricsCollector(_result, input.Markets.Select(m => m.Symbol).ToList());
        Genesis();
        var impact = input.Markets.Select(m => new ImpactModel(m.Scenario.DailyVolumeUsd ?? 1e9)).ToArray();
        var lastReport = _lastReport = new double[input.Markets.Count][];
        for (var i = 0; i < lastReport.Length; i++) lastReport[i] = new double[input.Markets[i].Sources.Count];
        _reportUnits = new (long, long)[input.Markets.Count][];
        for (var i = 0; i < _reportUnits.Length; i++) _reportUnits[i] = new (long, long)[input.Markets[i].Sources.Count];
        var nextTick = input.GenesisTime + TickSeconds;
        var behavior = new TraderBehaviorPass(_engine, Apply, tracked: _sink.ReplayOwnsEngine, input.Traders.Count(x => x.Behavior != TraderBehavior.Passive));
        int entry = 0, funded = 0, bar = 0, withdrawal = 0, whale = 0, intruder = 0, flash = 0;
        // When each trader's deposit went in (unix s), or NotFunded: a plain array, as a nullable one costs twice the bytes.
        var fundedAt = new long[input.Traders.Count];
        long nextBehavior = input.GenesisTime, nextSample = input.GenesisTime;
        var sampleEvery = Math.Max(60, (input.End - input.GenesisTime) / 1_500);
        var timeline = input.Timeline;
        for (var k = 0; k < timeline.Count; k++)
        {
            var item = timeline[k];
            var t = item.Time;
            while (bar < input.Bars.Count && input.Bars[bar].Bar.Time + input.Bars[bar].Bar.Interval <= t) { impact[input.Bars[bar].Market].Observe(input.Bars[bar].Bar); bar++; }
            // Traders fund their accounts ahead of their entry and trade once the deposit has matured, as a deposit-maturity
            // rule (a flash-loan defense) requires; with no maturity the deposit simply comes a little earlier.
            while (funded < input.Traders.Count && input.Traders[funded].EntryTime - FundAheadSeconds <= t) fundedAt[funded] = Fund(input.Traders[funded++], t) ?? NotFunded;
            while (entry < funded && input.Traders[entry].EntryTime <= t && (fundedAt[entry] == NotFunded || fundedAt[entry] + _engine.State.DepositMaturitySeconds <= t))
            {
                var trader = input.Traders[entry];
                if (fundedAt[entry++] != NotFunded && Enter(trader, t) && trader.Behavior != TraderBehavior.Passive) behavior.Add(trader);
            }
            while (whale < input.ConcentratedPositions.Count && input.ConcentratedPositions[whale].Time <= t) Concentrate(input.ConcentratedPositions[whale++], t);
            while (withdrawal < input.WithdrawalAttempts.Count && input.WithdrawalAttempts[withdrawal].Time <= t) WithdrawAll(input.WithdrawalAttempts[withdrawal++].Account, t);
            while (intruder < input.UnauthorizedCalls.Count && input.UnauthorizedCalls[intruder] <= t) Intrude(intruder++, t);
            while (flash < input.FlashLoans.Count && input.FlashLoans[flash].Time <= t) FlashLoan(input.FlashLoans[flash++], t);
            if (input.Scenario.Settlement is { } settlement) Settle(settlement, t);
            for (; nextTick <= t; nextTick += TickSeconds) Tick(nextTick);
            Apply(new OracleReport(item.Market, item.Source, new Price(item.Units)), t);
            lastReport[item.Market][item.Source] = item.Units / (double)Price.Scale;
            _reportUnits[item.Market][item.Source] = (item.Units, t);
            Liquidate(item.Market, t, impact[item.Market]);
            if (t >= nextBehavior)
            {
                behavior.Run(t);
                nextBehavior = t + BehaviorEverySeconds;
            }
            foreach (var m in _engine.State.MarketsInOrder) _metrics!.ObserveReduce(m.Id, t, !CanReduce(m, t));
            if (t >= nextSample)
            {
                Sample(t, lastReport[0]);
                nextSample = t + sampleEvery;
            }
            yield return t;
        }
    }

    /// <summary>Time passes: markets whose feed went silent turn Stale, cooldowns lapse. A tick with nothing due is not counted as a refusal.</summary>
    private void Tick(long time)
    {
        if (time < _engine.State.Time) return;
        var stamped = new Tick { Time = time };
        var r = _sink.Apply(stamped);
        if (!r.Accepted) return;
        _metrics!.Observe(stamped.Time, r.Events);
        _metrics.ObserveFund(_engine.State.InsuranceFund + _engine.State.Vault);
        Observer?.Invoke(stamped.Time, r.Events);
    }

    /// <summary>Whether a holder of <paramref name="m"/> could lower risk at <paramref name="t"/>.</summary>
    private bool CanReduce(Market m, long t)
        => m.Status != MarketStatus.Settlement && !_engine.State.PausedAt(m, t).HasFlag(PauseFlags.Reduce)
           && Protocol.Oracle.OraclePermissions.Allows(m.Validity, Protocol.Oracle.OracleOperation.Reduce);

    /// <summary>Whether the market's price is contested now: the oracle is not Valid, or its fresh sources disagree beyond 2 %.</summary>
    private bool Contested(Market m, long t)
    {
        if (m.Validity != Protocol.Oracle.OracleValidity.Valid) return true;
        long min = long.MaxValue, max = 0;
        foreach (var (units, time) in _reportUnits![m.Id])
        {
            if (units == 0 || t - time > m.Params.Oracle.MaxReportAgeSeconds) continue;
            min = Math.Min(min, units);
            max = Math.Max(max, units);
        }
        return max > 0 && (max - min) * (double)Fraction.Scale / min > ContestedSpreadPpm;
    }

    private ApplyResult Apply(Transaction tx, long time)
    {
        var stamped = tx with { Time = Math.Max(time, _engine.State.Time) };
        var r = _sink.Apply(stamped);
        if (r.Accepted)
        {
            // Read once: a trade's event is built when read, unless the event log already asked for it.
            var events = r.Events;
            _metrics!.Observe(stamped.Time, events);
            _metrics.ObserveFund(_engine.State.InsuranceFund + _engine.State.Vault);
            Observer?.Invoke(stamped.Time, events);
        }
        else
        {
            _result!.RejectedTransactions++;
            // Refusals of who signed, not of when (a timelock not yet run is no intrusion).
            if (stamped.Kind.IsGovernance() && r.Rejection!.Reason.IsSignerRefusal())
                _result.UnauthorizedRejected++;
            RejectionObserver?.Invoke(stamped.Time, stamped, r.Rejection!);
        }
        return r;
    }

    private void Genesis()
    {
        var t = input.GenesisTime;
        if (policy.MarketWide != Protocol.Guards.MarketWideParams.Off) Must(Apply(new ConfigureMarketWideBreaker(policy.MarketWide), t));
        if (input.UnauthorizedCalls.Count > 0 || input.Scenario.Settlement is not null) Must(Apply(new ConfigureGovernance(LabGovernance.Config), t));
        for (var i = 0; i < input.Markets.Count; i++)
        {
            var m = input.Markets[i];
            var p = m.Scenario.ResolveParams(Policy.BaseParams(policy.Base), $"scenario {input.Scenario.Name}");
            p = policy.ForMarket(p);
            var first = input.Timeline.First(x => x.Market == i);
            Must(Apply(new CreateMarket(i, m.Symbol, p, new Price(first.Units)), t));
        }
        var fund = Dollars(input.Scenario.InsuranceFundUsd);
        if (fund.Micros > 0) Must(Apply(new FundInsurance(fund), t));
        _result!.InsuranceFundStartUsd = fund.Micros / (double)Usd.Scale;
        // The backstop holds twice the population's notional: enough to take every entry's other side and every
        // liquidation in a crash, so its margin never distorts what the policies are compared on.
        var total = input.Traders.Sum(x => x.NotionalUsd);
        _backstopDeposit = Dollars(Math.Max(10_000_000, 2 * total));
        Must(Apply(new Deposit(Backstop, _backstopDeposit), t));
        Must(Apply(new Deposit(OutsideMarket, Dollars(Math.Max(100_000_000, 20 * total))), t));
        // The whale of a concentrated-position injection funds itself at genesis (a fifth of the largest position it could
        // build, twice the population's notional), so its deposit has long matured when it trades.
        if (input.ConcentratedPositions.Count > 0) Must(Apply(new Deposit(Whale, Dollars(Math.Max(2_000, 2 * total / 5))), t));
    }

    private static void Must(ApplyResult r)
    {
        if (!r.Accepted) throw new InvalidOperationException($"genesis transaction refused: {r.Rejection}");
    }

    private static Usd Dollars(double usd) => new((long)Math.Round(usd * Usd.Scale));

    private Market MarketOf(int index) => _engine.State.Markets[index];

    /// <summary>A market's open interest at its mark, USD (for sizing injections; never enters the core).</summary>
    private static double OpenInterestUsd(Market m) => m.OpenInterest.Units / (double)Size.Scale * (m.Mark.Units / (double)Price.Scale);

    /// <summary>How long before its entry a trader deposits: 10 minutes, longer than any deposit maturity a policy sets here.</summary>
    private const long FundAheadSeconds = 600;

    /// <summary>Deposits the trader's collateral; returns when, or null when the deposit is refused (the trader never enters).</summary>
    /// <summary>In the funding times of the traders: the deposit was refused, so the trader never enters.</summary>
    private const long NotFunded = long.MinValue;

    private long? Fund(Trader trader, long t)
        => Apply(new Deposit(trader.Account, Dollars(trader.NotionalUsd / trader.Leverage * 1.002)), t).Accepted ? t : null;

    private bool Enter(Trader trader, long t)
    {
        var m = MarketOf(trader.Market);
        var size = SizeFor(m, trader.NotionalUsd);
        if (size <= 0) return false;
        return Apply(trader.IsLong ? new Trade(m.Id, trader.Account, Backstop, new Size(size), m.Mark) : new Trade(m.Id, Backstop, trader.Account, new Size(size), m.Mark), t).Accepted;
    }

    /// <summary>The size, in 1e-8 units floored to the step, worth <paramref name="notionalUsd"/> at the mark.</summary>
    private static long SizeFor(Market m, double notionalUsd)
    {
        var size = (long)(notionalUsd / (m.Mark.Units / (double)Price.Scale) * Size.Scale);
        return size - size % m.Params.StepSize.Units;
    }

    private void Concentrate((long Time, int Market, bool IsLong, double Share) c, long t)
    {
        var m = MarketOf(c.Market);
        var notional = Math.Max(10_000, c.Share * OpenInterestUsd(m));
        var size = SizeFor(m, notional);
        if (size <= 0) return;
        Apply(c.IsLong ? new Trade(m.Id, Whale, Backstop, new Size(size), m.Mark) : new Trade(m.Id, Backstop, Whale, new Size(size), m.Mark), t);
    }

    /// <summary>
    /// A flash-loan attack in one block (every transaction at <paramref name="t"/>): deposit the loan, open 5× against the
    /// backstop at the mark, push the source's price, close at the moved mark, withdraw everything. Where a step is refused
    /// the rest follows as the attacker's contract would run it (a real contract would revert the whole transaction; here
    /// the loan then stays deposited and counts as no profit).
    /// </summary>
    private void FlashLoan(FlashLoanAttack a, long t)
    {
        var m = MarketOf(a.Market);
        var loan = Dollars(Math.Max(100_000, a.Share * OpenInterestUsd(m)));
        if (!Apply(new Deposit(Attacker, loan), t).Accepted) return;
        var size = SizeFor(m, 5 * loan.Micros / (double)Usd.Scale);
        if (size <= 0) return;
        var open = Apply(a.IsLong ? new Trade(m.Id, Attacker, Backstop, new Size(size), m.Mark) : new Trade(m.Id, Backstop, Attacker, new Size(size), m.Mark), t);
        var pushed = (long)Math.Round(m.Mark.Units * a.Factor);
        Apply(new OracleReport(m.Id, a.Source, new Price(Math.Clamp(pushed, 1, Price.MaxUnits))), t);
        if (open.Accepted)
            Apply(a.IsLong ? new Trade(m.Id, Backstop, Attacker, new Size(size), m.Mark) : new Trade(m.Id, Attacker, Backstop, new Size(size), m.Mark), t);
        var all = _engine.State.Accounts[Attacker].Collateral;
        if (all.Micros > 0 && Apply(new Withdraw(Attacker, all), t).Accepted)
            _result!.FlashLoanProfitUsd += (all - loan).Micros / (double)Usd.Scale;
    }

    private (byte[] Id, long ExecutableAt)? _settlement;
    private bool _settlementDone;

    /// <summary>
    /// The DAO's final settlement: queued at its time with the stated price (or the mark then), executed at the first
    /// report once the timelock has run. A refusal ends the attempt and is counted with the run's rejected transactions.
    /// </summary>
    private void Settle(Scenarios.FinalSettlement s, long t)
    {
        if (_settlementDone) return;
        var mi = s.Market is null ? 0 : input.Scenario.Markets.FindIndex(x => x.Symbol == s.Market);
        if (_settlement is null)
        {
            if (t < s.ProposedAt.ToUnixTimeSeconds()) return;
            var price = s.PriceUsd is { } usd ? new Price(Math.Max(1, (long)Math.Round(usd * Price.Scale))) : MarketOf(mi).Mark;
            var payload = Protocol.Governance.DaoPayloads.Settle(mi, price);
            var m = new Protocol.Governance.ProposalMessage(Protocol.Governance.DaoOperationKind.Settle, payload, 1, t + 3_600);
            var queued = Apply(new QueueOperation(m, LabGovernance.SignAsDao(m)), t);
            if (!queued.Accepted) { _settlementDone = true; return; }
            _settlement = (m.StructHash(new Protocol.Governance.Eip712(Crypto.EthereumVerifier.Instance)), t + LabGovernance.Config.TimelockDelaySeconds);
            return;
        }
        if (t < _settlement.Value.ExecutableAt) return;
        Apply(new ExecuteOperation(_settlement.Value.Id), t);
        _settlementDone = true;
    }

    /// <summary>An intruder with an unregistered key tries to pause every market protocol-wide as the "council".</summary>
    private void Intrude(int n, long t)
    {
        var key = LabGovernance.IntruderKey(input.Seed, n);
        var msg = new Protocol.Governance.PauseMessage(-1, Protocol.Markets.PauseFlags.All, 86_400, n + 1, t + 600);
        var digest = new Protocol.Governance.Eip712(Crypto.EthereumVerifier.Instance).SigningHash(LabGovernance.Config.Domain, msg.StructHash(new Protocol.Governance.Eip712(Crypto.EthereumVerifier.Instance)));
        var sigs = new[] { Crypto.Secp256k1.Sign(digest, key), Crypto.Secp256k1.Sign(digest, LabGovernance.IntruderKey(input.Seed, n + 1_000)) };
        Apply(new SubmitPause(Protocol.Governance.Role.Council, msg, sigs), t);
    }

    private void WithdrawAll(long account, long t)
    {
        if (!_engine.State.Accounts.TryGetValue(account, out var a)) return;
        var free = _engine.MarginOf(account).FreeCollateral;
        var amount = Usd.Min(free, a.Collateral);
        if (amount.Micros > 0) Apply(new Withdraw(account, amount), t);
    }

    private void Liquidate(int market, long t, ImpactModel impact)
    {
        var m = MarketOf(market);
        var keeper = input.Scenario.Keeper;
        if (!keeper.Enabled) return;
        var found = _engine.FindLiquidatable(market);
        if (keeper.LatencySeconds > 0)
        {
            var now = new HashSet<long>(found);
            foreach (var gone in _liquidatableSince.Keys.Where(k => !now.Contains(k) && _engine.State.Accounts[k].PositionIn(market) is not null).ToList()) _liquidatableSince.Remove(gone);
        }
        foreach (var id in found)
        {
            var pos = _engine.State.Accounts[id].PositionIn(market);
            if (pos is null) continue;
            if (keeper.LatencySeconds > 0)
            {
                if (!_liquidatableSince.TryGetValue(id, out var since)) _liquidatableSince[id] = since = t;
                if (t - since < keeper.LatencySeconds) continue;
            }
            if (keeper.MaxPerMinute > 0)
            {
                var load = _keeperLoad.GetValueOrDefault(market);
                if (load.Minute != t / 60) load = (t / 60, 0);
                if (load.Count >= keeper.MaxPerMinute) break;
                _keeperLoad[market] = (load.Minute, load.Count + 1);
            }
            // The fill the book gives for this size; the protocol bounds the discount, and the backstop takes the rest.
            var fill = ImpactPrice(m, impact, pos.Size.Units > 0, Math.Abs(pos.Size.Units));
            var bound = m.LiquidationFillBound(closingLong: pos.Size.Units > 0).Units;
            fill = pos.Size.Units > 0 ? Math.Max(fill, bound) : Math.Min(fill, bound);
            var before = BackstopSize(market);
            var contested = Contested(m, t);
            var result = Apply(new Liquidate(id, market, Backstop, new Price(Math.Max(1, fill))), t);
            if (result.Accepted)
            {
                if (contested) _metrics!.ObserveContested(result.Events);
                _inventory[market] = _inventory.GetValueOrDefault(market) + BackstopSize(market) - before;
                if (_engine.State.Accounts[id].PositionIn(market) is null) _liquidatableSince.Remove(id);
            }
        }
        Unwind(m, t, impact);
    }

    private long BackstopSize(int market) => _engine.State.Accounts[Backstop].PositionIn(market)?.Size.Units ?? 0;

    /// <summary>The price at which selling (or buying) <paramref name="units"/> moves the book: mark × (1 ∓ impact).</summary>
    private static long ImpactPrice(Market m, ImpactModel impact, bool selling, long units)
    {
        var notional = units / (double)Size.Scale * (m.Mark.Units / (double)Price.Scale);
        var fraction = impact.Impact(notional);
        return Math.Max(1, selling ? (long)Math.Ceiling(m.Mark.Units * (1 - fraction)) : (long)Math.Floor(m.Mark.Units * (1 + fraction)));
    }

    /// <summary>
    /// The backstop sells what it took over in liquidations into the outside market at the impact price, as a
    /// liquidation engine sends orders to the book. While the market is halted or reduce-only it cannot, and holds the risk.
    /// </summary>
    private void Unwind(Market m, long t, ImpactModel impact)
    {
        var inventory = _inventory.GetValueOrDefault(m.Id);
        if (inventory == 0) return;
        var units = Math.Abs(inventory) - Math.Abs(inventory) % m.Params.StepSize.Units;
        if (units == 0) return;
        var price = new Price(ImpactPrice(m, impact, inventory > 0, units));
        var trade = inventory > 0 ? new Trade(m.Id, OutsideMarket, Backstop, new Size(units), price) : new Trade(m.Id, Backstop, OutsideMarket, new Size(units), price);
        if (Apply(trade, t).Accepted) _inventory[m.Id] = inventory - Math.Sign(inventory) * units;
    }

    private void Sample(long t, double[] sources)
    {
        var m = MarketOf(0);
        var reference = m.Reference.Units / (double)Price.Scale;
        var band = m.Params.Breaker.Enabled ? m.Params.Breaker.Band.Ppm / (double)Fraction.Scale : 0;
        _result!.Series.Add(new SeriesPoint
        {
            T = t,
            Sources = (double[])sources.Clone(),
            Index = m.Index.Units / (double)Price.Scale,
            Mark = m.Mark.Units / (double)Price.Scale,
            BandLow = band > 0 ? reference * (1 - band) : 0,
            BandHigh = band > 0 ? reference * (1 + band) : 0,
            Level = (int)m.Ladder.Level,
            Status = m.Status.ToString(),
            InsuranceFund = _engine.State.InsuranceFund.Micros / (double)Usd.Scale,
            Liquidated = _metrics!.CumulativeLiquidated,
            Adl = _metrics.CumulativeAdl,
        });
    }
}
