using Breakwater.Lab.Population;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Lab.Replay;

/// <summary>
/// The traders' five-minute reactions to their own margin: an <see cref="TraderBehavior.AddsMargin"/> trader tops up to
/// initial margin (at most three times) once its margin fraction falls below 1.5 × maintenance, a
/// <see cref="TraderBehavior.DeRisks"/> trader closes half its position (once) below 2 × maintenance.
/// </summary>
/// <remarks>
/// Most traders are far from reacting most of the time, and reading 100,000 scattered accounts every five minutes was
/// the bulk of a large replay. Each trader's price beyond which it cannot react (<see cref="ReactionLimit(double, double, double, double)"/>) is
/// therefore kept between passes and recomputed only when the engine changed its account (the liquidation index's
/// refresh set, which the accounts tree relies on too) or the market's maintenance fraction moved; funding settled since
/// (which changes no account: positions owe it until they next change) moves the limit by the same amount per unit for
/// every holder of the market, applied at the check (<see cref="ShiftedLimit"/>). Decisions are the same as computing
/// every limit every pass: the limit is a pure function of those inputs.
/// </remarks>
internal sealed class TraderBehaviorPass
{
    private sealed class Entry(Trader trader)
    {
        public readonly Trader Trader = trader;
        public readonly int Market = trader.Market;
        public readonly bool AddsMargin = trader.Behavior == TraderBehavior.AddsMargin;
        public int Adds;
        public bool Derisked;
        public bool Dirty = true;
        public double Q = double.NaN;
        public double Limit = double.NaN;
        public double FundingAt;
        public bool Long;
    }

    private readonly ProtocolEngine _engine;
    private readonly Func<Transaction, long, ApplyResult> _apply;
    private readonly bool _tracked;
    private readonly List<Entry> _active = [];
    private readonly Dictionary<long, Entry> _byAccount = new();
    private Market[] _markets = [];
    private double[,] _q = new double[0, 2];
    private double[] _funding = [];

    /// <param name="engine">The engine the replay drives.</param>
    /// <param name="apply">Applies (and logs) one transaction at a time.</param>
    /// <param name="tracked">
    /// Whether this pass owns the engine's refresh tracking. A node's engine hands its refresh set to the accounts tree,
    /// so a replay driving a node recomputes every limit every pass instead.
    /// </param>
    public TraderBehaviorPass(ProtocolEngine engine, Func<Transaction, long, ApplyResult> apply, bool tracked)
    {
        _engine = engine;
        _apply = apply;
        _tracked = tracked;
        if (tracked) engine.Index.TrackRefreshed();
    }

    /// <summary>A trader that entered and reacts to its margin from now on.</summary>
    public void Add(Trader trader)
    {
        var e = new Entry(trader);
        _byAccount.Add(trader.Account, e);
        _active.Add(e);
    }

    /// <summary>One pass at market time <paramref name="t"/> (unix s), traders in the order they entered.</summary>
    public void Run(long t)
    {
        if (_tracked) _engine.Index.DrainRefreshed(id => { if (_byAccount.TryGetValue(id, out var e)) e.Dirty = true; });
        else foreach (var e in _active) e.Dirty = true;
        // Accounts that closed out, or have used up their reactions, leave the list for good. Every way out changes the
        // account (a trade, a deposit, a liquidation), so only changed accounts need the check.
        _active.RemoveAll(x =>
        {
            if (!x.Dirty) return false;
            var gone = !_engine.State.Accounts.TryGetValue(x.Trader.Account, out var a) || a.PositionCount == 0
                || (x.Trader.Behavior == TraderBehavior.AddsMargin ? x.Adds >= 3 : x.Derisked);
            if (gone) _byAccount.Remove(x.Trader.Account);
            return gone;
        });
        // The fractions depend on the market alone: once per market and pass, not once per trader.
        var size = _engine.State.Markets.Count == 0 ? 0 : _engine.State.Markets.Keys.Last() + 1;
        if (_markets.Length != size) { _markets = new Market[size]; _q = new double[size, 2]; _funding = new double[size]; }
        foreach (var (id, m) in _engine.State.Markets)
        {
            _markets[id] = m;
            _funding[id] = FundingPerUnit(m);
            _q[id, 0] = ReactionFraction(m, 2.0);
            _q[id, 1] = ReactionFraction(m, 1.5);
        }
        foreach (var e in _active)
        {
            var m = _markets[e.Market];
            var q = _q[e.Market, e.AddsMargin ? 1 : 0];
            if (e.Dirty || q != e.Q)
            {
                e.Limit = ReactionLimit(_engine.State.Accounts[e.Trader.Account], m, q, out e.Long);
                e.FundingAt = _funding[e.Market];
                e.Q = q;
                e.Dirty = false;
            }
            var mark = m.Mark.Units / (double)Price.Scale;
            var limit = ShiftedLimit(e.Limit, _funding[e.Market] - e.FundingAt, q, e.Long);
            if (e.Long ? mark > limit : mark < limit) continue;
            React(e, m, t);
        }
    }

    private void React(Entry e, Market m, long t)
    {
        var trader = e.Trader;
        var margin = _engine.MarginOf(trader.Account);
        var mf = margin.MarginFractionPpm;
        var mmf = m.EffectiveMmf.Ppm;
        if (trader.Behavior == TraderBehavior.AddsMargin && mf < mmf * 3 / 2 && e.Adds < 3)
        {
            var need = margin.InitialRequirement - margin.Equity;
            if (need.Micros > 0 && _apply(new Deposit(trader.Account, need), t).Accepted) e.Adds++;
        }
        else if (trader.Behavior == TraderBehavior.DeRisks && mf < mmf * 2 && !e.Derisked)
        {
            var pos = _engine.State.Accounts[trader.Account].PositionIn(m.Id)!;
            var half = Math.Abs(pos.Size.Units) / 2;
            half -= half % m.Params.StepSize.Units;
            if (half <= 0) return;
            var r = pos.Size.Units > 0
                ? _apply(new Trade(m.Id, ReplayRunner.Backstop, trader.Account, new Size(half), m.Mark), t)
                : _apply(new Trade(m.Id, trader.Account, ReplayRunner.Backstop, new Size(half), m.Mark), t);
            if (r.Accepted) e.Derisked = true;
        }
    }

    /// <summary>q = k × the market's maintenance fraction now (<see cref="Market.EffectiveMmf"/>, what the reaction compares against).</summary>
    private static double ReactionFraction(Market m, double k) => k * (m.EffectiveMmf.Ppm / (double)Fraction.Scale);

    /// <summary>
    /// A conservative bound, in USD per unit, beyond which a one-position trader's margin fraction cannot be below q
    /// (<see cref="ReactionFraction"/>) with 2 % of slack in price: a long cannot react while the mark is above it, a
    /// short while the mark is below it. Solves C + s·P − N &lt; q·|s|·P for the mark P (s signed size, N signed cost
    /// basis): longs react below (N − C) / (s (1 − q)), shorts above (C − N) / (|s| (1 + q)). NaN (always check
    /// exactly) for several positions, a position in another market, no position or q ≥ 1.
    /// </summary>
    internal static double ReactionLimit(Protocol.Accounts.Account account, Market m, double q, out bool isLong)
    {
        isLong = false;
        if (account.SinglePosition is not { } p || p.MarketId != m.Id) return double.NaN;
        isLong = p.Size.Units > 0;
        // Funding owed counts against the collateral, as the engine's margin counts it; in doubles (the bound has 2 % of
        // slack), which costs a fraction of the exact 128-bit rounding on millions of recomputations.
        var size = p.Size.Units / (double)Size.Scale;
        var owed = size * (double)(m.Funding.CumulativeIndex - p.FundingIndex) * UsdPerIndexUnit;
        return ReactionLimit(size, p.OpenNotional.Micros / (double)Usd.Scale, account.Collateral.Micros / (double)Usd.Scale - owed, q);
    }

    /// <summary>USD per whole unit of one unit of the cumulative funding index (<see cref="FundingState.CumulativeIndex"/>: 1e-17 USD).</summary>
    private const double UsdPerIndexUnit = 1e-17;

    /// <summary>The market's cumulative funding index in USD per whole unit.</summary>
    private static double FundingPerUnit(Market m) => (double)m.Funding.CumulativeIndex * UsdPerIndexUnit;

    /// <summary>
    /// A limit from <see cref="ReactionLimit(double, double, double, double)"/> after the market's funding index moved by
    /// <paramref name="fundingPerUnit"/> USD per unit: a position owes size × that more, so its boundary moves by
    /// fundingPerUnit / (1 ∓ q) for either side (size cancels), scaled by the same 2 % slack.
    /// </summary>
    internal static double ShiftedLimit(double limit, double fundingPerUnit, double q, bool isLong)
        => fundingPerUnit == 0 ? limit : limit + fundingPerUnit * (isLong ? 1.02 / (1 - q) : 0.98 / (1 + q));

    /// <summary>The same bound from the numbers: signed size (units), signed cost basis and collateral (USD), q.</summary>
    internal static double ReactionLimit(double size, double basis, double collateral, double q)
    {
        if (q >= 1) return double.NaN;
        if (size > 0) return (basis - collateral) / (size * (1 - q)) * 1.02;
        if (size < 0) return (collateral - basis) / (-size * (1 + q)) * 0.98;
        return double.NaN;
    }
}
