using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Liquidation;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// What a handler needs while applying one transaction: the state, the index, the time, and the events it emits. The
/// engine keeps one and starts it again for every transaction (<see cref="Begin"/>), so applying allocates no context.
/// </summary>
internal sealed class ApplyContext(ProtocolState state, LiquidationIndex index, Governance.ISignatureVerifier? verifier)
{
    public ProtocolState State { get; } = state;
    public LiquidationIndex Index { get; } = index;

    /// <summary>The transaction's time, unix seconds.</summary>
    public long Now { get; private set; }

    public Governance.ISignatureVerifier? Verifier { get; } = verifier;

    /// <summary>The events emitted so far as objects; a trade's lone event waits as a value (<see cref="SingleTrade"/>).</summary>
    public List<ProtocolEvent> Events { get; } = new(4);

    /// <summary>
    /// Set when the transaction's only event so far is a <see cref="TradeSettled"/> held as a value; the next emit turns it
    /// into an object ahead of itself, so the order of events never changes.
    /// </summary>
    public TradeSettledValue? SingleTrade { get; private set; }

    /// <summary>Set once a handler starts mutating state; an exception after this point is an engine fault, not a refusal.</summary>
    public bool Committing { get; set; }

    /// <summary>Starts a transaction at <paramref name="now"/>: no events, not committing.</summary>
    public ApplyContext Begin(long now)
    {
        Now = now;
        Committing = false;
        Events.Clear();
        SingleTrade = null;
        return this;
    }

    public IReadOnlyDictionary<int, Market> Markets => State.Markets;

    public void Emit(ProtocolEvent e)
    {
        if (SingleTrade is { } trade)
        {
            Events.Add(trade.ToEvent());
            SingleTrade = null;
        }
        Events.Add(e);
    }

    /// <summary>Emits a settled trade, as a value while it is the transaction's only event.</summary>
    public void Emit(in TradeSettledValue trade)
    {
        if (Events.Count == 0 && SingleTrade is null) SingleTrade = trade;
        else Emit(trade.ToEvent());
    }

    /// <summary>
    /// Applies a fill and keeps open interest and the holder sets in step. The position first realizes the funding it
    /// owes since it last changed, so a position's size is constant between two funding realizations.
    /// </summary>
    public Usd Fill(Account account, Market market, Size delta, Usd cash)
    {
        RealizeFunding(account, market);
        var before = account.PositionIn(market.Id)?.Size ?? Size.Zero;
        var realized = PositionMath.ApplyFill(account, market.Id, delta, cash);
        var pos = account.PositionIn(market.Id);
        // RealizeFunding restarted an existing position at the market's index; a position the fill opened starts there.
        if (pos is not null && before.IsZero) pos.FundingIndex = market.Funding.CumulativeIndex;
        var after = pos?.Size ?? Size.Zero;
        market.OpenInterest += new Size(Math.Max(0, after.Units) - Math.Max(0, before.Units));
        if (before.IsZero != after.IsZero)
        {
            var holders = State.HoldersOf(market.Id);
            if (after.IsZero) holders.Remove(account.Id);
            else holders.Add(account.Id);
        }
        return realized;
    }

    /// <summary>
    /// Moves the funding the account's position in <paramref name="market"/> owes since it last changed between its
    /// collateral and the funding pool, and starts it again from the market's index. No-op without a position.
    /// </summary>
    public void RealizeFunding(Account account, Market market)
    {
        if (account.PositionIn(market.Id) is not { } pos) return;
        var owed = pos.FundingOwed(market.Funding.CumulativeIndex);
        pos.FundingIndex = market.Funding.CumulativeIndex;
        if (owed.Micros == 0) return;
        account.Collateral -= owed;
        State.FundingPool += owed;
    }

    /// <summary>Re-indexes an account after a change.</summary>
    public void Touch(Account account) => Index.Refresh(account);

    public static Rejection Reject(RejectReason reason, string detail) => new(reason, detail);
}
