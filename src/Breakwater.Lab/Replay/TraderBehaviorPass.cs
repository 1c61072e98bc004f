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
/// therefore kept between passes, with the account's numbers it comes from (size, cost basis, collateral net of funding
/// owed): they are read again only when the engine changed the account (the liquidation index's refresh set, which the
/// accounts tree relies on too), and the limit is recomputed from them, without reading the account, when the market's
/// maintenance fraction moved. Funding settled since (which changes no account: positions owe it until they next change)
/// moves the limit by the same amount per unit for every holder of the market, applied at the check
/// (<see cref="ShiftedLimit"/>). The limit only decides whom to check: the reaction itself follows the engine's exact
/// margin, and the 2 % of slack keeps the filter conservative, so decisions are the same as reading every account every
/// pass.
/// </remarks>
internal sealed class TraderBehaviorPass
{
    // A value in one array, in the order the traders entered: a pass reads each entry's few fields one after another
    // (an object per trader cost a cache miss each, and 64 bytes plus a list slot).
    private struct Entry
    {
        public long Account;
        public double Size;
        public double Basis;
        public double Collateral;
        public double Q;
        public double Limit;
        public double FundingAt;
        public int Market;
        public TraderBehavior Behavior;
        public byte Adds;
        public bool Derisked;
        public bool Dirty;
        public bool Long;
        public bool Gone;
    }

    private readonly ProtocolEngine _engine;
    private readonly Func<Transaction, long, ApplyResult> _apply;
    private readonly bool _tracked;
    private Entry[] _entries;
    private int _count;
    private int _live;
    private readonly Dictionary<long, int> _slot = new();
    private readonly Action<long> _markDirty;
    private Market[] _markets = [];
    private double[,] _q = new double[0, 2];
    private double[] _funding = [];

    /// <param name="engine">The engine the replay drives.</param>
    /// <param name="apply">Applies (and logs) one transaction at a time.</param>
    /// <param name="tracked">
    /// Whether this pass owns the engine's refresh tracking. A node's engine hands its refresh set to the accounts tree,
    /// so a replay driving a node recomputes every limit every pass instead.
    /// </param>
    /// <param name="capacity">How many traders will be added (the array is sized once: growing it leaves large arrays for the GC).</param>
    public TraderBehaviorPass(ProtocolEngine engine, Func<Transaction, long, ApplyResult> apply, bool tracked, int capacity)
    {
        _entries = new Entry[Math.Max(16, capacity)];
        _engine = engine;
        _apply = apply;
        _tracked = tracked;
        _markDirty = id => { if (_slot.TryGetValue(id, out var i)) _entries[i].Dirty = true; };
        if (tracked) engine.Index.TrackRefreshed();
    }

    /// <summary>A trader that entered and reacts to its margin from now on.</summary>
    public void Add(Trader trader)
    {
        if (_count == _entries.Length) Array.Resize(ref _entries, _count * 2);
        _slot.Add(trader.Account, _count);
        _entries[_count++] = new Entry
        {
            Account = trader.Account, Market = trader.Market, Behavior = trader.Behavior, Dirty = true, Q = double.NaN, Limit = double.NaN,
        };
        _live++;
    }

    /// <summary>One pass at market time <paramref name="t"/> (unix s), traders in the order they entered.</summary>
    public void Run(long t)
    {
        if (_tracked) _engine.Index.DrainRefreshed(_markDirty);
        else for (var i = 0; i < _count; i++) _entries[i].Dirty = true;
        // The fractions depend on the market alone: once per market and pass, not once per trader.
        var size = _engine.State.Markets.Count == 0 ? 0 : _engine.State.Markets.Keys.Last() + 1;
        if (_markets.Length != size) { _markets = new Market[size]; _q = new double[size, 2]; _funding = new double[size]; }
        foreach (var m in _engine.State.MarketsInOrder)
        {
            _markets[m.Id] = m;
            _funding[m.Id] = FundingPerUnit(m);
            _q[m.Id, 0] = ReactionFraction(m, 2.0);
            _q[m.Id, 1] = ReactionFraction(m, 1.5);
        }
        for (var i = 0; i < _count; i++)
        {
            ref var e = ref _entries[i];
            if (e.Gone) continue;
            // Accounts that closed out, or have used up their reactions, leave for good. Every way out changes the account
            // (a trade, a deposit, a liquidation), so only changed accounts need the check; another trader's reaction
            // trades only its own account, so checking here rather than in a sweep first leaves the same traders.
            if (e.Dirty && (!_engine.State.Accounts.TryGetValue(e.Account, out var a) || a.PositionCount == 0
                || (e.Behavior == TraderBehavior.AddsMargin ? e.Adds >= 3 : e.Derisked)))
            {
                e.Gone = true;
                _slot.Remove(e.Account);
                _live--;
                continue;
            }
            var m = _markets[e.Market];
            var q = _q[e.Market, e.Behavior == TraderBehavior.AddsMargin ? 1 : 0];
            if (e.Dirty)
            {
                Read(_engine.State.Accounts[e.Account], m, ref e);
                e.FundingAt = _funding[e.Market];
                e.Dirty = false;
                e.Q = double.NaN;
            }
            if (q != e.Q)
            {
                e.Limit = ReactionLimit(e.Size, e.Basis, e.Collateral, q);
                e.Q = q;
            }
            var mark = m.Mark.Units / (double)Price.Scale;
            var limit = ShiftedLimit(e.Limit, _funding[e.Market] - e.FundingAt, q, e.Long);
            if (e.Long ? mark > limit : mark < limit) continue;
            React(ref e, m, t);
        }
        if (_count - _live > Math.Max(16, _live)) Compact();
    }

    /// <summary>Drops the entries that left, keeping the order of the rest, once they outnumber the live ones.</summary>
    private void Compact()
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_entries[i].Gone) continue;
            _entries[n] = _entries[i];
            _slot[_entries[n].Account] = n;
            n++;
        }
        Array.Clear(_entries, n, _count - n);
        _count = n;
    }

    private void React(ref Entry e, Market m, long t)
    {
        var margin = _engine.MarginOf(e.Account);
        var mf = margin.MarginFractionPpm;
        var mmf = m.EffectiveMmf.Ppm;
        if (e.Behavior == TraderBehavior.AddsMargin && mf < mmf * 3 / 2 && e.Adds < 3)
        {
            var need = margin.InitialRequirement - margin.Equity;
            if (need.Micros > 0 && _apply(new Deposit(e.Account, need), t).Accepted) e.Adds++;
        }
        else if (e.Behavior == TraderBehavior.DeRisks && mf < mmf * 2 && !e.Derisked)
        {
            var pos = _engine.State.Accounts[e.Account].PositionIn(m.Id)!;
            var half = Math.Abs(pos.Size.Units) / 2;
            half -= half % m.Params.StepSize.Units;
            if (half <= 0) return;
            var r = pos.Size.Units > 0
                ? _apply(new Trade(m.Id, ReplayRunner.Backstop, e.Account, new Size(half), m.Mark), t)
                : _apply(new Trade(m.Id, e.Account, ReplayRunner.Backstop, new Size(half), m.Mark), t);
            if (r.Accepted) e.Derisked = true;
        }
    }

    /// <summary>q = k × the market's maintenance fraction now (<see cref="Market.EffectiveMmf"/>, what the reaction compares against).</summary>
    private static double ReactionFraction(Market m, double k) => k * (m.EffectiveMmf.Ppm / (double)Fraction.Scale);

    /// <summary>
    /// Reads what the limit is computed from into <paramref name="e"/>: the position's size (units) and cost basis and
    /// the collateral net of the funding it owes at the market's index now (USD); NaN for an account that is not a
    /// one-position trader in <paramref name="m"/>, whose limit is then NaN (always checked exactly).
    /// </summary>
    private static void Read(Protocol.Accounts.Account account, Market m, ref Entry e)
    {
        e.Long = false;
        if (account.SinglePosition is not { } p || p.MarketId != m.Id)
        {
            (e.Size, e.Basis, e.Collateral) = (double.NaN, double.NaN, double.NaN);
            return;
        }
        e.Long = p.Size.Units > 0;
        // Funding owed counts against the collateral, as the engine's margin counts it; in doubles (the bound has 2 % of
        // slack), which costs a fraction of the exact 128-bit rounding on millions of recomputations.
        e.Size = p.Size.Units / (double)Size.Scale;
        e.Basis = p.OpenNotional.Micros / (double)Usd.Scale;
        e.Collateral = account.Collateral.Micros / (double)Usd.Scale - e.Size * (double)(m.Funding.CumulativeIndex - p.FundingIndex) * UsdPerIndexUnit;
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

    /// <summary>
    /// A conservative bound, in USD per unit, beyond which a one-position trader's margin fraction cannot be below q
    /// (<see cref="ReactionFraction"/>) with 2 % of slack in price: a long cannot react while the mark is above it, a
    /// short while the mark is below it. Solves C + s·P − N &lt; q·|s|·P for the mark P (s signed size in units, N signed
    /// cost basis and C collateral in USD): longs react below (N − C) / (s (1 − q)), shorts above (C − N) / (|s| (1 + q)).
    /// NaN (always check exactly) for no position (size 0 or NaN) or q ≥ 1.
    /// </summary>
    internal static double ReactionLimit(double size, double basis, double collateral, double q)
    {
        if (q >= 1) return double.NaN;
        if (size > 0) return (basis - collateral) / (size * (1 - q)) * 1.02;
        if (size < 0) return (collateral - basis) / (-size * (1 + q)) * 0.98;
        return double.NaN;
    }
}
