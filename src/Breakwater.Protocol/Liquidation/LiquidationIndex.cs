using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Liquidation;

/// <summary>
/// Finds the accounts a price update makes liquidatable without scanning every account. For an account with one
/// position, equity reaches maintenance margin at p = K / (1 ∓ MMF) with K = (cost basis − collateral) / size, a number
/// that depends neither on the mark nor on the margin fraction. Accounts are kept, per market and side, in ordered
/// buckets of K (<see cref="KeyBuckets"/>; K padded outward by a rounding slack, so the key never misses); a query
/// walks only the keys the new mark has crossed: longs with K ≥ mark × (1 − MMF), shorts with K ≤ mark × (1 + MMF).
/// A margin-multiplier change therefore costs nothing here. Accounts with positions in several markets — whose threshold in one market moves with the
/// others — are checked on every query of a market. Work per query grows with the accounts that cross (plus the
/// multi-market ones), not with all accounts.
/// </summary>
public sealed class LiquidationIndex
{
    private readonly Dictionary<int, KeyBuckets> _longs = new();
    private readonly Dictionary<int, KeyBuckets> _shorts = new();
    private readonly SortedSet<long> _multi = new();
    private int _indexed;

    // Funding owed since a position last changed moves its K by (market index − position's index) / 1000 in K's units,
    // the same for every holder of the market and either side (size cancels): keys are stored without the market's
    // index (minus the position's own), and a query adds the index to its threshold. A settlement touches no key.
    private const long FundingIndexPerKeyUnit = 1_000;

    /// <summary>Number of single-market accounts indexed.</summary>
    public int IndexedCount => _indexed;

    /// <summary>Number of accounts checked on every query (positions in several markets).</summary>
    public int AlwaysCheckedCount => _multi.Count;

    private HashSet<long>? _refreshed;

    /// <summary>
    /// From now on, remember every account refreshed (every account whose collateral or positions changed: the engine
    /// refreshes exactly those), for <see cref="TakeRefreshed"/>. Off by default: the lab never asks.
    /// </summary>
    public void TrackRefreshed() => _refreshed ??= [];

    /// <summary>The accounts refreshed since the last call (ascending), and forget them.</summary>
    public List<long> TakeRefreshed()
    {
        if (_refreshed is null) return [];
        var ids = _refreshed.Order().ToList();
        _refreshed.Clear();
        return ids;
    }

    /// <summary>Hands every account refreshed since the last call to <paramref name="visit"/>, in no particular order, and forgets them.</summary>
    public void DrainRefreshed(Action<long> visit)
    {
        if (_refreshed is null) return;
        foreach (var id in _refreshed) visit(id);
        _refreshed.Clear();
    }

    /// <summary>
    /// Records that an account changed without re-indexing it: for a change that only moves it away from liquidation (more
    /// collateral), where its indexed key stays conservative — it is flagged at a mark at which it is still safe, and the
    /// exact margin check decides. Tracked like a refresh, so the accounts tree sees the change.
    /// </summary>
    public void MarkChanged(long accountId) => _refreshed?.Add(accountId);

    /// <summary>Re-indexes one account after any change to it.</summary>
    public void Refresh(Account account)
    {
        _refreshed?.Add(account.Id);
        if (account.PositionCount != 1)
        {
            Remove(account);
            if (account.PositionCount > 1)
            {
                _multi.Add(account.Id);
                account.IndexEntry = new IndexEntry(0, 0, 0, Indexed: false, IsLong: false, Multi: true);
            }
            return;
        }
        var pos = account.PositionAt(0);
        var isLong = pos.Size.Units > 0;
        // K in price units × 1e6 (so that K / (1e6 ∓ MMF ppm) is a price): K = (basis − collateral)·D·1e6 / size.
        var numerator = ((Int128)pos.OpenNotional.Micros - account.Collateral.Micros) * Notional.Divisor * Fraction.Scale;
        var k = FixedMath.Div128(numerator, pos.Size.Units, isLong ? Rounding.Ceiling : Rounding.Floor);
        // Equity and requirements are each rounded by a few micro-dollars (the requirement by the multiplier's rounding,
        // the funding owed up by less than one); pad by that much, in K's units, toward flagging earlier.
        var slack = FixedMath.Div128((Int128)17 * Notional.Divisor * Fraction.Scale, Math.Abs(pos.Size.Units), Rounding.Ceiling) + 2 * Fraction.Scale;
        var key = isLong ? k + slack - FixedMath.Div128(pos.FundingIndex, FundingIndexPerKeyUnit, Rounding.Floor)
            : k - slack - FixedMath.Div128(pos.FundingIndex, FundingIndexPerKeyUnit, Rounding.Ceiling);
        var side = Side(isLong ? _longs : _shorts, pos.MarketId);
        // Most changes (a fill, a fee) move the key within its bucket: rewrite it in place, no array moves.
        var entry = account.IndexEntry;
        if (entry.Indexed && entry.Market == pos.MarketId && entry.IsLong == isLong && side.TrySetKey(entry.Bucket, entry.Slot, key))
            return;
        Remove(account);
        var (bucket, slot) = side.Add(key, account);
        account.IndexEntry = new IndexEntry(pos.MarketId, bucket, slot, Indexed: true, IsLong: isLong);
        _indexed++;
    }

    /// <summary>Drops an account from the index.</summary>
    public void Remove(Account account)
    {
        var e = account.IndexEntry;
        if (e.Indexed)
        {
            (e.IsLong ? _longs : _shorts)[e.Market].Remove(e.Bucket, e.Slot);
            _indexed--;
        }
        // The flag spares every single-market re-index a search of the ordered set.
        if (e.Multi) _multi.Remove(account.Id);
        account.IndexEntry = default;
    }

    /// <summary>
    /// Appends to <paramref name="into"/> the accounts that may be liquidatable in <paramref name="marketId"/> at
    /// <paramref name="mark"/> under maintenance fraction <paramref name="mmf"/> with the market's cumulative funding index
    /// at <paramref name="fundingIndex"/>: every account that is, plus a few near the boundary, each once (an account with
    /// positions in several markets is in the always-checked set, not in a bucket), in no particular order. Callers
    /// confirm each with the exact margin check.
    /// </summary>
    public void Candidates(int marketId, Price mark, Fraction mmf, Int128 fundingIndex, List<long> into)
    {
        if (_longs.TryGetValue(marketId, out var longs))
        {
            var threshold = (Int128)mark.Units * (Fraction.Scale - mmf.Ppm) - FixedMath.Div128(fundingIndex, FundingIndexPerKeyUnit, Rounding.Ceiling);
            longs.AtOrAbove(threshold, into);
        }
        if (_shorts.TryGetValue(marketId, out var shorts))
        {
            var threshold = (Int128)mark.Units * (Fraction.Scale + mmf.Ppm) - FixedMath.Div128(fundingIndex, FundingIndexPerKeyUnit, Rounding.Floor);
            shorts.AtOrBelow(threshold, into);
        }
        // Guarded: a sorted set's enumerator allocates its stack even when the set is empty.
        if (_multi.Count > 0) foreach (var id in _multi) into.Add(id);
    }

    private static KeyBuckets Side(Dictionary<int, KeyBuckets> sides, int market)
    {
        if (!sides.TryGetValue(market, out var set)) sides[market] = set = new KeyBuckets();
        return set;
    }
}
