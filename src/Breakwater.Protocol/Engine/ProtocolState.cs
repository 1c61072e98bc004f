using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// The whole protocol state. Accounts are in a hash map for O(1) access; anything whose order can
/// matter (state hash, ADL candidates) iterates sorted keys or the per-market holder sets.
/// </summary>
public sealed class ProtocolState
{
    /// <summary>Accounts by id. A read-only view: only the engine's handlers open or change an account.</summary>
    public IReadOnlyDictionary<long, Account> Accounts => AccountMap;

    /// <summary>The same accounts, for the engine's handlers to add to.</summary>
    internal Dictionary<long, Account> AccountMap { get; } = new();

    /// <summary>Markets by id, ascending.</summary>
    public IReadOnlyDictionary<int, Market> Markets => MarketMap;

    /// <summary>The same markets, for lookups by id (add through <see cref="AddMarket"/>).</summary>
    internal SortedDictionary<int, Market> MarketMap { get; } = new();

    private Market[] _marketsInOrder = [];

    /// <summary>
    /// The markets in ascending id, for loops: a span over an array, so iterating allocates nothing (enumerating
    /// <see cref="Markets"/>, an interface over a sorted tree, allocates its enumerator and that enumerator's stack).
    /// </summary>
    public ReadOnlySpan<Market> MarketsInOrder => _marketsInOrder;

    /// <summary>Lists a market, or replaces the one with its id (a snapshot being read).</summary>
    internal void AddMarket(Market market)
    {
        MarketMap[market.Id] = market;
        _marketsInOrder = [.. MarketMap.Values];
    }

    /// <summary>Accounts holding a position, per market, ascending id.</summary>
    internal Dictionary<int, HolderSet> Holders { get; } = new();

    /// <summary>Insurance fund, 1e-6 USD.</summary>
    public Usd InsuranceFund { get; internal set; }

    /// <summary>
    /// The funding pool, 1e-6 USD: funding realized by payers minus funding realized by receivers. Positions realize
    /// lazily (<see cref="Markets.FundingState.CumulativeIndex"/>), so it runs negative while receivers realize first
    /// and holds the payers' share meanwhile; with every position's pending funding (rounded up) it is never negative,
    /// and once all have realized it is the rounding dust, which stays here.
    /// </summary>
    public Usd FundingPool { get; internal set; }

    /// <summary>Protocol fee pool, 1e-6 USD.</summary>
    public Usd FeePool { get; internal set; }

    /// <summary>
    /// The timelocked liquidity vault, 1e-6 USD: protocol-owned liquidity moved out of harm's way at the critical level
    /// (or early by the council). It returns to the insurance fund only through a DAO operation after <see cref="VaultLockedUntil"/>.
    /// </summary>
    public Usd Vault { get; internal set; }

    /// <summary>Until when the vault is locked (unix seconds; 0 = never locked).</summary>
    public long VaultLockedUntil { get; internal set; }

    /// <summary>All deposits ever (including insurance contributions), 1e-6 USD.</summary>
    public Usd TotalDeposits { get; internal set; }

    /// <summary>All withdrawals ever, 1e-6 USD.</summary>
    public Usd TotalWithdrawals { get; internal set; }

    /// <summary>Deficits neither the insurance fund nor ADL covered, cumulative, 1e-6 USD.</summary>
    public Usd SocializedLoss { get; internal set; }

    /// <summary>Protocol-wide pause flags (see <see cref="GlobalPausedUntil"/>).</summary>
    public PauseFlags GlobalPaused { get; internal set; }

    /// <summary>When <see cref="GlobalPaused"/> lapses (unix seconds); 0 = until lifted by the DAO.</summary>
    public long GlobalPausedUntil { get; internal set; }

    /// <summary>When the current run of protocol-wide non-DAO pauses began (unix seconds).</summary>
    public long GlobalPausedSince { get; internal set; }

    /// <summary>Protocol-wide flags in force at <paramref name="now"/>.</summary>
    public PauseFlags GlobalPausedAt(long now) => GlobalPausedUntil == 0 || GlobalPausedUntil > now ? GlobalPaused : PauseFlags.None;

    /// <summary>Flags in force for a market at <paramref name="now"/>: its own and the protocol-wide ones.</summary>
    public PauseFlags PausedAt(Market m, long now) => m.PausedAt(now) | GlobalPausedAt(now);

    /// <summary>Market-wide breaker levels.</summary>
    public Guards.MarketWideParams MarketWide { get; internal set; } = Guards.MarketWideParams.Off;

    /// <summary>Highest market-wide level triggered today (0, 2, 3 or 4); each level triggers once per UTC day.</summary>
    public Guards.ResponseLevel MarketWideLevel { get; internal set; }

    /// <summary>The UTC day (unix seconds / 86,400) <see cref="MarketWideLevel"/> belongs to.</summary>
    public long MarketWideDay { get; internal set; } = -1;

    /// <summary>Decline of the open-interest-weighted index from the start of the UTC day, ppm.</summary>
    public long MarketWideDeclinePpm { get; internal set; }

    /// <summary>Governance roles, messages and the timelock.</summary>
    public Governance.GovernanceState Governance { get; } = new();

    /// <summary>Signed mode: its configuration (null = open), the address binding and replay guards.</summary>
    public Access.AccessState Access { get; } = new();

    /// <summary>Time of the last applied transaction, unix seconds.</summary>
    public long Time { get; internal set; }

    /// <summary>Last incident id handed out.</summary>
    public long LastIncidentId { get; internal set; }

    /// <summary>The account, or null.</summary>
    public Account? AccountOrNull(long id) => AccountMap.GetValueOrDefault(id);

    /// <summary>The market, or null.</summary>
    public Market? MarketOrNull(int id) => Markets.GetValueOrDefault(id);

    internal HolderSet HoldersOf(int marketId)
    {
        if (!Holders.TryGetValue(marketId, out var set)) Holders[marketId] = set = new HolderSet();
        return set;
    }

    /// <summary>The protocol's deposit-maturity window, seconds: the longest of its markets' (0 when none sets one).</summary>
    public long DepositMaturitySeconds
    {
        get
        {
            long w = 0;
            foreach (var m in MarketsInOrder) w = Math.Max(w, m.Params.DepositMaturitySeconds);
            return w;
        }
    }

    /// <summary>
    /// Σ over accounts of (collateral − Σ cost basis) + insurance fund + fee pool + funding pool + liquidity vault. Every trade moves one
    /// rounded cash amount between two accounts, so this equals deposits − withdrawals + socialized loss
    /// exactly; with Σ sizes = 0 per market it is the sum of all equity at any common mark.
    /// </summary>
    public Usd ClaimsPlusFunds()
    {
        var total = InsuranceFund + FeePool + FundingPool + Vault;
        foreach (var a in AccountMap.Values)
        {
            total += a.Collateral;
            for (var i = 0; i < a.PositionCount; i++) total -= a.PositionAt(i).OpenNotional;
        }
        return total;
    }
}
