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

    private readonly SortedList<int, Position> _positions = new();

    /// <summary>
    /// Open positions by market id (ascending, so iteration order is deterministic). A read-only view: only the engine's
    /// handlers open, change or close a position.
    /// </summary>
    public IReadOnlyDictionary<int, Position> Positions => _positions;

    /// <summary>The same positions, for the engine's handlers to change.</summary>
    internal SortedList<int, Position> PositionList => _positions;

    /// <summary>The account's only position when it has exactly one, else null.</summary>
    public Position? SinglePosition => _positions.Count == 1 ? _positions.Values[0] : null;

    /// <summary>The position in a market, or null.</summary>
    public Position? PositionIn(int marketId) => _positions.GetValueOrDefault(marketId);
}
