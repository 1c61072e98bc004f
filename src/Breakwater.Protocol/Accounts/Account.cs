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

    // Sorted by market id and exactly as long as the count: most accounts hold one position, and a one-element array
    // costs 32 bytes where a SortedList cost about 160. Positions are opened and closed far less often than read.
    private Position[] _positions = [];

    /// <summary>
    /// Open positions by market id (ascending, so iteration order is deterministic). A read-only view (a new small object
    /// per call; the engine's own loops use <see cref="PositionCount"/> and <see cref="PositionAt"/>): only the engine's
    /// handlers open, change or close a position.
    /// </summary>
    public IReadOnlyDictionary<int, Position> Positions => new PositionView(this);

    /// <summary>Number of open positions.</summary>
    public int PositionCount => _positions.Length;

    /// <summary>The <paramref name="index"/>-th open position in ascending market id.</summary>
    /// <exception cref="IndexOutOfRangeException">index not below <see cref="PositionCount"/>.</exception>
    public Position PositionAt(int index) => _positions[index];

    /// <summary>The account's only position when it has exactly one, else null.</summary>
    public Position? SinglePosition => _positions.Length == 1 ? _positions[0] : null;

    /// <summary>The position in a market, or null.</summary>
    public Position? PositionIn(int marketId)
    {
        foreach (var p in _positions)
            if (p.MarketId == marketId) return p;
        return null;
    }

    /// <summary>Adds a position in a market the account holds none in, keeping market-id order.</summary>
    /// <exception cref="InvalidOperationException">the account already holds one there (a bug).</exception>
    internal void AddPosition(Position position)
    {
        var at = 0;
        while (at < _positions.Length && _positions[at].MarketId < position.MarketId) at++;
        if (at < _positions.Length && _positions[at].MarketId == position.MarketId)
            throw new InvalidOperationException($"account {Id} already holds a position in market {position.MarketId}");
        var next = new Position[_positions.Length + 1];
        Array.Copy(_positions, next, at);
        next[at] = position;
        Array.Copy(_positions, at, next, at + 1, _positions.Length - at);
        _positions = next;
    }

    /// <summary>Drops the position in a market; no-op when there is none.</summary>
    internal void RemovePosition(int marketId)
    {
        var at = Array.FindIndex(_positions, p => p.MarketId == marketId);
        if (at < 0) return;
        if (_positions.Length == 1) { _positions = []; return; }
        var next = new Position[_positions.Length - 1];
        Array.Copy(_positions, next, at);
        Array.Copy(_positions, at + 1, next, at, _positions.Length - at - 1);
        _positions = next;
    }
}
