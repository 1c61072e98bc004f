using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Margin;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Liquidation;

/// <summary>
/// Finds the accounts a price update makes liquidatable without scanning every account. Accounts with
/// one position are kept, per market and side, in a sorted set keyed by their liquidation price (padded
/// outward by a rounding slack, so the key never misses); a price update walks only the keys the new
/// mark has crossed. Accounts with positions in several markets — whose liquidation price in one market
/// moves with the others — are checked on every query of a market they hold. Work per query therefore
/// grows with the accounts that cross (plus the multi-market ones), not with all accounts.
/// </summary>
public sealed class LiquidationIndex
{
    private readonly Dictionary<int, SortedSet<(long Key, long Account)>> _longs = new();
    private readonly Dictionary<int, SortedSet<(long Key, long Account)>> _shorts = new();
    private readonly Dictionary<long, (int Market, bool IsLong, long Key)> _entries = new();
    private readonly SortedSet<long> _multi = new();

    /// <summary>Number of single-market accounts indexed.</summary>
    public int IndexedCount => _entries.Count;

    /// <summary>Number of accounts checked on every query (several markets, or no finite key).</summary>
    public int AlwaysCheckedCount => _multi.Count;

    /// <summary>Re-indexes one account after any change to it or to its market's margin fractions.</summary>
    public void Refresh(Account account, IReadOnlyDictionary<int, Market> markets)
    {
        Remove(account.Id);
        if (account.Positions.Count == 0) return;
        if (account.Positions.Count > 1)
        {
            _multi.Add(account.Id);
            return;
        }
        var pos = account.Positions.Values[0];
        var market = markets[pos.MarketId];
        var summary = MarginCalculator.Compute(account, markets);
        var isLong = pos.Size.Units > 0;
        var p = MarginCalculator.LiquidationPriceUnits(summary.Equity, pos.Size, market.Mark, market.EffectiveMmf, isLong ? Rounding.Ceiling : Rounding.Floor);
        if (p is null)
        {
            _multi.Add(account.Id);
            return;
        }
        // Equity and requirements are each rounded by a few micro-dollars; pad by that much in price.
        var slack = checked(FixedMath.MulDiv(8, Notional.Divisor, Math.Abs(pos.Size.Units), Rounding.Ceiling) + 2);
        var key = isLong ? SaturatingAdd(p.Value, slack) : SaturatingAdd(p.Value, -slack);
        (isLong ? Side(_longs, pos.MarketId) : Side(_shorts, pos.MarketId)).Add((key, account.Id));
        _entries[account.Id] = (pos.MarketId, isLong, key);
    }

    /// <summary>Drops an account from the index.</summary>
    public void Remove(long accountId)
    {
        if (_entries.Remove(accountId, out var e))
            (e.IsLong ? _longs : _shorts)[e.Market].Remove((e.Key, accountId));
        _multi.Remove(accountId);
    }

    /// <summary>
    /// Accounts that may be liquidatable in <paramref name="marketId"/> at <paramref name="mark"/>: every
    /// account that is, plus a few near the boundary. Callers confirm each with the exact margin check.
    /// </summary>
    public IEnumerable<long> Candidates(int marketId, Price mark)
    {
        if (_longs.TryGetValue(marketId, out var longs))
            foreach (var (_, id) in longs.GetViewBetween((mark.Units, long.MinValue), (long.MaxValue, long.MaxValue)))
                yield return id;
        if (_shorts.TryGetValue(marketId, out var shorts))
            foreach (var (_, id) in shorts.GetViewBetween((long.MinValue, long.MinValue), (mark.Units, long.MaxValue)))
                yield return id;
        foreach (var id in _multi) yield return id;
    }

    private static SortedSet<(long, long)> Side(Dictionary<int, SortedSet<(long, long)>> sides, int market)
    {
        if (!sides.TryGetValue(market, out var set)) sides[market] = set = new SortedSet<(long, long)>();
        return set;
    }

    private static long SaturatingAdd(long a, long b)
    {
        var r = (Int128)a + b;
        return r > long.MaxValue ? long.MaxValue : r < long.MinValue ? long.MinValue : (long)r;
    }
}
