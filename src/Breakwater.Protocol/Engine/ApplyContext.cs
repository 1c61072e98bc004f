using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Liquidation;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Engine;

/// <summary>What a handler needs while applying one transaction: the state, the index, the time, and the events it emits.</summary>
internal sealed class ApplyContext(ProtocolState state, LiquidationIndex index, long now, Governance.ISignatureVerifier? verifier)
{
    public ProtocolState State { get; } = state;
    public LiquidationIndex Index { get; } = index;
    public long Now { get; } = now;
    public Governance.ISignatureVerifier? Verifier { get; } = verifier;
    public List<ProtocolEvent> Events { get; } = new(4);

    /// <summary>Set once a handler starts mutating state; an exception after this point is an engine fault, not a refusal.</summary>
    public bool Committing { get; set; }

    public IReadOnlyDictionary<int, Market> Markets => State.Markets;

    public void Emit(ProtocolEvent e) => Events.Add(e);

    /// <summary>Applies a fill and keeps open interest and the holder sets in step.</summary>
    public Usd Fill(Account account, Market market, Size delta, Usd cash)
    {
        var before = account.PositionIn(market.Id)?.Size ?? Size.Zero;
        var realized = PositionMath.ApplyFill(account, market.Id, delta, cash);
        var after = account.PositionIn(market.Id)?.Size ?? Size.Zero;
        market.OpenInterest += new Size(Math.Max(0, after.Units) - Math.Max(0, before.Units));
        var holders = State.HoldersOf(market.Id);
        if (after.IsZero) holders.Remove(account.Id);
        else holders.Add(account);
        return realized;
    }

    /// <summary>Re-indexes an account after a change.</summary>
    public void Touch(Account account) => Index.Refresh(account, State.Markets);

    public static Rejection Reject(RejectReason reason, string detail) => new(reason, detail);
}
