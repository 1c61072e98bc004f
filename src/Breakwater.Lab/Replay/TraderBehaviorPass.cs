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
/// Most traders are far from reacting most of the time, and reading a million scattered accounts every five minutes was
/// the bulk of a large replay. Each trader keeps one number between passes, its <see cref="Boundary"/> (the price per
/// unit at which its equity would be zero, net of the funding it owed) less the market's funding per unit when it was
/// read, and the account is read again only when the engine changed it (the liquidation index's refresh set, which the
/// accounts tree relies on too). Funding settled since changes no account (positions owe it until they next change) and
/// moves every holder's boundary by the same amount per unit; a change of the market's maintenance fraction (dynamic
/// margin) scales every boundary of a side by the same factor. So a pass turns the mark into one threshold per market,
/// behaviour and side (<see cref="Threshold"/>) and compares each trader's number against it: the traders are kept in
/// parallel arrays in the order they entered, and the comparison reads 13 bytes of each. The threshold only decides whom
/// to check: the reaction itself follows the engine's exact margin, and 2 % of slack in price keeps the filter
/// conservative, so decisions are the same as reading every account every pass.
/// </remarks>
internal sealed class TraderBehaviorPass
{
    private const byte Long = 1, Dirty = 2, Gone = 4, Derisked = 8, AddsMargin = 16;

    private readonly ProtocolEngine _engine;
    private readonly Func<Transaction, long, ApplyResult> _apply;
    private readonly bool _tracked;

    // One slot per trader, in the order they entered; a trader that leaves is marked Gone and the arrays compacted, in
    // order, once the marked ones outnumber the rest.
    private long[] _account;
    private double[] _base;
    private int[] _market;
    private byte[] _state;
    private byte[] _adds;
    private int _count;
    private int _live;
    private readonly Dictionary<long, int> _slot = new();
    private readonly Action<long> _markDirty;

    // Per market and behaviour (index market × 2 + 1 for AddsMargin): the thresholds of this pass.
    private Market[] _markets = [];
    private double[] _longBelow = [];
    private double[] _shortAbove = [];

    /// <param name="engine">The engine the replay drives.</param>
    /// <param name="apply">Applies (and logs) one transaction at a time.</param>
    /// <param name="tracked">
    /// Whether this pass owns the engine's refresh tracking. A node's engine hands its refresh set to the accounts tree,
    /// so a replay driving a node reads every account every pass instead.
    /// </param>
    /// <param name="capacity">How many traders will be added (the arrays are sized once: growing them leaves large arrays for the GC).</param>
    public TraderBehaviorPass(ProtocolEngine engine, Func<Transaction, long, ApplyResult> apply, bool tracked, int capacity)
    {
        _engine = engine;
        _apply = apply;
        _tracked = tracked;
        capacity = Math.Max(16, capacity);
        (_account, _base, _market, _state, _adds) = (new long[capacity], new double[capacity], new int[capacity], new byte[capacity], new byte[capacity]);
        _markDirty = id => { if (_slot.TryGetValue(id, out var i)) _state[i] |= Dirty; };
        if (tracked) engine.Index.TrackRefreshed();
    }

    /// <summary>A trader that entered and reacts to its margin from now on.</summary>
    public void Add(Trader trader)
    {
        if (_count == _account.Length)
        {
            var n = _count * 2;
            Array.Resize(ref _account, n);
            Array.Resize(ref _base, n);
            Array.Resize(ref _market, n);
            Array.Resize(ref _state, n);
            Array.Resize(ref _adds, n);
        }
        _slot.Add(trader.Account, _count);
        _account[_count] = trader.Account;
        _market[_count] = trader.Market;
        _state[_count] = (byte)(Dirty | (trader.Behavior == TraderBehavior.AddsMargin ? AddsMargin : 0));
        _adds[_count] = 0;
        _count++;
        _live++;
    }

    /// <summary>One pass at market time <paramref name="t"/> (unix s), traders in the order they entered.</summary>
    public void Run(long t)
    {
        if (_tracked) _engine.Index.DrainRefreshed(_markDirty);
        else for (var i = 0; i < _count; i++) _state[i] |= Dirty;
        var size = _engine.State.Markets.Count == 0 ? 0 : _engine.State.Markets.Keys.Last() + 1;
        if (_markets.Length != size) { _markets = new Market[size]; _longBelow = new double[2 * size]; _shortAbove = new double[2 * size]; }
        foreach (var m in _engine.State.MarketsInOrder)
        {
            _markets[m.Id] = m;
            var mark = m.Mark.Units / (double)Price.Scale;
            var funding = FundingPerUnit(m);
            for (var adds = 0; adds < 2; adds++)
            {
                var q = ReactionFraction(m, adds == 1 ? 1.5 : 2.0);
                _longBelow[2 * m.Id + adds] = Threshold(mark, q, isLong: true) - funding;
                _shortAbove[2 * m.Id + adds] = Threshold(mark, q, isLong: false) - funding;
            }
        }
        for (var i = 0; i < _count; i++)
        {
            var state = _state[i];
            if ((state & Gone) != 0) continue;
            if ((state & Dirty) != 0)
            {
                // Accounts that closed out, or have used up their reactions, leave for good. Every way out changes the
                // account (a trade, a deposit, a liquidation), so only changed accounts need the check; another trader's
                // reaction trades only its own account, so checking here rather than in a sweep first leaves the same traders.
                if (!_engine.State.Accounts.TryGetValue(_account[i], out var a) || a.PositionCount == 0
                    || ((state & AddsMargin) != 0 ? _adds[i] >= 3 : (state & Derisked) != 0))
                {
                    _state[i] = Gone;
                    _slot.Remove(_account[i]);
                    _live--;
                    continue;
                }
                var market = _markets[_market[i]];
                _base[i] = Read(a, market, out var isLong) - FundingPerUnit(market);
                _state[i] = state = (byte)((state & ~(Dirty | Long)) | (isLong ? Long : 0));
            }
            // A NaN number (several positions, or none here) fails both comparisons: always checked exactly.
            var at = 2 * _market[i] + ((state & AddsMargin) != 0 ? 1 : 0);
            if ((state & Long) != 0 ? _base[i] < _longBelow[at] : _base[i] > _shortAbove[at]) continue;
            React(i, _markets[_market[i]], t);
        }
        if (_count - _live > Math.Max(16, _live)) Compact();
    }

    /// <summary>Drops the traders that left, keeping the order of the rest.</summary>
    private void Compact()
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if ((_state[i] & Gone) != 0) continue;
            (_account[n], _base[n], _market[n], _state[n], _adds[n]) = (_account[i], _base[i], _market[i], _state[i], _adds[i]);
            _slot[_account[n]] = n;
            n++;
        }
        _count = n;
    }

    private void React(int i, Market m, long t)
    {
        var account = _account[i];
        var margin = _engine.MarginOf(account);
        var mf = margin.MarginFractionPpm;
        var mmf = m.EffectiveMmf.Ppm;
        if ((_state[i] & AddsMargin) != 0)
        {
            if (mf >= mmf * 3 / 2 || _adds[i] >= 3) return;
            var need = margin.InitialRequirement - margin.Equity;
            if (need.Micros > 0 && _apply(new Deposit(account, need), t).Accepted) _adds[i]++;
        }
        else if (mf < mmf * 2 && (_state[i] & Derisked) == 0)
        {
            var pos = _engine.State.Accounts[account].PositionIn(m.Id)!;
            var half = Math.Abs(pos.Size.Units) / 2;
            half -= half % m.Params.StepSize.Units;
            if (half <= 0) return;
            var r = pos.Size.Units > 0
                ? _apply(new Trade(m.Id, ReplayRunner.Backstop, account, new Size(half), m.Mark), t)
                : _apply(new Trade(m.Id, account, ReplayRunner.Backstop, new Size(half), m.Mark), t);
            if (r.Accepted) _state[i] |= Derisked;
        }
    }

    /// <summary>q = k × the market's maintenance fraction now (<see cref="Market.EffectiveMmf"/>, what the reaction compares against).</summary>
    private static double ReactionFraction(Market m, double k) => k * (m.EffectiveMmf.Ppm / (double)Fraction.Scale);

    /// <summary>
    /// The <see cref="Boundary"/> of a one-position trader in <paramref name="m"/>, from its account now (funding owed at
    /// the market's index now counts against the collateral, as the engine's margin counts it); NaN for several
    /// positions or a position in another market.
    /// </summary>
    private static double Read(Protocol.Accounts.Account account, Market m, out bool isLong)
    {
        isLong = false;
        if (account.SinglePosition is not { } p || p.MarketId != m.Id) return double.NaN;
        isLong = p.Size.Units > 0;
        // In doubles (the filter has 2 % of slack), which costs a fraction of the exact 128-bit rounding on millions of reads.
        var size = p.Size.Units / (double)Size.Scale;
        var owed = size * (double)(m.Funding.CumulativeIndex - p.FundingIndex) * UsdPerIndexUnit;
        return Boundary(size, p.OpenNotional.Micros / (double)Usd.Scale, account.Collateral.Micros / (double)Usd.Scale - owed);
    }

    /// <summary>USD per whole unit of one unit of the cumulative funding index (<see cref="FundingState.CumulativeIndex"/>: 1e-17 USD).</summary>
    private const double UsdPerIndexUnit = 1e-17;

    /// <summary>The market's cumulative funding index in USD per whole unit.</summary>
    private static double FundingPerUnit(Market m) => (double)m.Funding.CumulativeIndex * UsdPerIndexUnit;

    /// <summary>
    /// The price per unit (USD) at which a position of signed <paramref name="size"/> (units) with signed cost basis
    /// <paramref name="basis"/> on <paramref name="collateral"/> (USD) has zero equity: (N − C) / s for a long, (C − N) / |s|
    /// for a short, oriented so that both grow with what the holder owes. Funding of f USD per unit settled since moves it
    /// by f for either side (the owed amount, s·f, comes off the collateral). NaN without a position.
    /// </summary>
    internal static double Boundary(double size, double basis, double collateral)
        => size > 0 ? (basis - collateral) / size : size < 0 ? (collateral - basis) / -size : double.NaN;

    /// <summary>
    /// The smallest <see cref="Boundary"/> of a long (the largest of a short) that could have a margin fraction below
    /// <paramref name="q"/> at <paramref name="mark"/> with 2 % of slack in price: the margin fraction of a long is below q
    /// when mark &lt; boundary / (1 − q), of a short when mark &gt; boundary / (1 + q) (C + s·P − N &lt; q·|s|·P solved for
    /// P), so a long whose boundary is below mark × (1 − q) / 1.02, or a short whose boundary is above
    /// mark × (1 + q) / 0.98, cannot react. For q ≥ 1 every trader is checked (−∞ for longs, +∞ for shorts).
    /// </summary>
    internal static double Threshold(double mark, double q, bool isLong)
    {
        if (q >= 1) return isLong ? double.NegativeInfinity : double.PositiveInfinity;
        return isLong ? mark * (1 - q) / 1.02 : mark * (1 + q) / 0.98;
    }
}
