using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Accounts;

/// <summary>
/// A cross-margined trader account: USD collateral (deposits − withdrawals + realized PnL − fees)
/// and at most one position per market, kept in market-id order.
/// </summary>
public sealed class Account(long id)
{
    /// <summary>Account id (any positive 64-bit integer).</summary>
    public long Id { get; } = id;

    /// <summary>Settled USD balance, 1e-6 USD. Negative only transiently, before the waterfall covers it.</summary>
    public Usd Collateral { get; internal set; }

    /// <summary>Collateral deposited within the deposit-maturity window, 1e-6 USD; it matures whole at <see cref="MaturesAt"/>.</summary>
    public Usd MaturingCollateral { get; internal set; }

    /// <summary>When <see cref="MaturingCollateral"/> matures (unix seconds); a later deposit in the window moves it back.</summary>
    public long MaturesAt { get; internal set; }

    /// <summary>
    /// Collateral that cannot yet back new risk or a withdrawal at <paramref name="now"/>: the maturing deposits, at most the
    /// collateral itself (losses are taken from it first), never negative.
    /// </summary>
    public Usd ImmatureAt(long now) => now >= MaturesAt || MaturingCollateral.Micros <= 0 ? Usd.Zero
        : new Usd(Math.Max(0, Math.Min(MaturingCollateral.Micros, Collateral.Micros)));

    // Most accounts hold one position: it sits in a field (no array to follow, 8 bytes); two or more are one array sorted
    // by market id, exactly as long as the count (a SortedList cost about 160 bytes an account). Positions are opened
    // and closed far less often than read.
    private Position? _single;

    /// <summary>The liquidation index's bookkeeping for this account (engine-internal; not state).</summary>
    internal Liquidation.IndexEntry IndexEntry;
    private Position[]? _many;

    /// <summary>
    /// Open positions by market id (ascending, so iteration order is deterministic). A read-only view (a new small object
    /// per call; the engine's own loops use <see cref="PositionCount"/> and <see cref="PositionAt"/>): only the engine's
    /// handlers open, change or close a position.
    /// </summary>
    public IReadOnlyDictionary<int, Position> Positions => new PositionView(this);

    /// <summary>Number of open positions.</summary>
    public int PositionCount => _many?.Length ?? (_single is null ? 0 : 1);

    /// <summary>The <paramref name="index"/>-th open position in ascending market id.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index not below <see cref="PositionCount"/>.</exception>
    public Position PositionAt(int index)
    {
        if (_many is { } many) return many[index];
        return index == 0 && _single is { } p ? p : throw new ArgumentOutOfRangeException(nameof(index), $"account {Id} has {PositionCount} positions");
    }

    /// <summary>The account's only position when it has exactly one, else null.</summary>
    public Position? SinglePosition => _single;

    /// <summary>The position in a market, or null.</summary>
    public Position? PositionIn(int marketId)
    {
        if (_many is null) return _single is { } p && p.MarketId == marketId ? p : null;
        foreach (var q in _many)
            if (q.MarketId == marketId) return q;
        return null;
    }

    /// <summary>Adds a position in a market the account holds none in, keeping market-id order.</summary>
    /// <exception cref="InvalidOperationException">the account already holds one there (a bug).</exception>
    internal void AddPosition(Position position)
    {
        if (PositionIn(position.MarketId) is not null)
            throw new InvalidOperationException($"account {Id} already holds a position in market {position.MarketId}");
        if (PositionCount == 0)
        {
            _single = position;
            return;
        }
        var all = _many ?? [_single!];
        var at = 0;
        while (at < all.Length && all[at].MarketId < position.MarketId) at++;
        var next = new Position[all.Length + 1];
        Array.Copy(all, next, at);
        next[at] = position;
        Array.Copy(all, at, next, at + 1, all.Length - at);
        (_single, _many) = (null, next);
    }

    /// <summary>Drops the position in a market; no-op when there is none.</summary>
    internal void RemovePosition(int marketId)
    {
        if (_many is null)
        {
            if (_single?.MarketId == marketId) _single = null;
            return;
        }
        var at = Array.FindIndex(_many, p => p.MarketId == marketId);
        if (at < 0) return;
        var next = new Position[_many.Length - 1];
        Array.Copy(_many, next, at);
        Array.Copy(_many, at + 1, next, at, _many.Length - at - 1);
        if (next.Length == 1) (_single, _many) = (next[0], null);
        else _many = next;
    }
}
