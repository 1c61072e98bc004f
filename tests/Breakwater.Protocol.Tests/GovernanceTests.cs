using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;
using Breakwater.Testing;

namespace Breakwater.Protocol.Tests;

public class GovernanceTests
{
    private static void Unchanged(GovBook g, Transaction tx, RejectReason expected)
    {
        var hash = g.Engine.StateHash();
        var head = g.Engine.LogHeadHash;
        var r = g.Book.Apply(tx);
        Assert.Equal(expected, r.Rejection?.Reason);
        Assert.Equal(hash, g.Engine.StateHash());
        Assert.Equal(head, g.Engine.LogHeadHash);
    }

    [Fact]
    public void Watchers_KMinusOneDoNothing_KRaiseTheLevelOneStep()
    {
        var g = new GovBook();
        g.Book.Ok(g.Attestation(g.Watchers[0]));
        g.Book.Ok(g.Attestation(g.Watchers[1]));
        var m = g.Engine.State.Markets[TestBook.Btc];
        Assert.Equal(ResponseLevel.Normal, m.Ladder.Level);
        var r = g.Book.Ok(g.Attestation(g.Watchers[2]));
        // Requested a halt (3), but a watcher quorum moves one step at a time: level 1, for at most 900 s.
        Assert.Equal(ResponseLevel.Elevated, m.Ladder.Level);
        var action = Assert.Single(r.Events.OfType<LevelFloorRaised>());
        Assert.Equal((FloorSource.WatcherQuorum, ResponseLevel.Elevated, g.Book.Time + 600, 3), (action.Source, action.Level, action.Until, action.Signers));
    }

    [Fact]
    public void ProtocolWideFinding_AtQuorum_RaisesEveryMarketOneStep()
    {
        var g = new GovBook();
        const int Eth = 2;
        g.Book.Ok(new CreateMarket(Eth, "ETH-USD", new MarketParams(), Price.FromDollars(100)));
        // ETH already stands at level 1 (a quorum on ETH alone); BTC at 0.
        foreach (var w in g.Watchers.Take(3)) g.Book.Ok(g.Attestation(w, level: 1, market: Eth));
        Assert.Equal(ResponseLevel.Elevated, g.Engine.State.Markets[Eth].Ladder.Level);
        g.Book.Ok(g.Attestation(g.Watchers[0], level: 2, market: -1));
        g.Book.Ok(g.Attestation(g.Watchers[1], level: 2, market: -1));
        Assert.Equal(ResponseLevel.Normal, g.Engine.State.Markets[TestBook.Btc].Ladder.Level);
        var r = g.Book.Ok(g.Attestation(g.Watchers[2], level: 2, market: -1));
        // Requested level 2 for the whole protocol: BTC moves one step (to 1), ETH one step (to 2).
        Assert.Equal(ResponseLevel.Elevated, g.Engine.State.Markets[TestBook.Btc].Ladder.Level);
        Assert.Equal(ResponseLevel.High, g.Engine.State.Markets[Eth].Ladder.Level);
        var action = Assert.Single(r.Events.OfType<LevelFloorRaised>());
        Assert.Equal((FloorSource.WatcherQuorum, -1, ResponseLevel.High, g.Book.Time + 600), (action.Source, action.Market, action.Level, action.Until));
        // A market that does not exist is still refused; −1 is the only protocol-wide id.
        Unchanged(g, g.Attestation(g.Watchers[3], level: 1, market: -2), RejectReason.UnknownMarket);
    }

    [Fact]
    public void Watchers_DuplicateSignerCountsOnce()
    {
        var g = new GovBook();
        g.Book.Ok(g.Attestation(g.Watchers[0]));
        var r1 = g.Book.Ok(g.Attestation(g.Watchers[0]));
        var r2 = g.Book.Ok(g.Attestation(g.Watchers[1]));
        Assert.Equal(1, r1.Events.OfType<AttestationRecorded>().Single().Count);
        Assert.Equal(2, r2.Events.OfType<AttestationRecorded>().Single().Count);
        Assert.Equal(ResponseLevel.Normal, g.Engine.State.Markets[TestBook.Btc].Ladder.Level);
    }

    [Fact]
    public void Watchers_CannotRequestLevelZero() => Unchanged(new GovBook(), new GovBook().Attestation(new GovBook().Watchers[0], level: 0), RejectReason.InvalidOperation);

    [Fact]
    public void Council_PausesAtOnceAndThePauseLapsesByRule()
    {
        var g = new GovBook();
        g.Book.Deposit(1, 10_000); g.Book.Deposit(2, 10_000);
        g.Book.Ok(g.Pause(Role.Council, PauseFlags.Open, 1_000_000, g.Council[0], g.Council[2])); // asks for far more than the 7,200 s maximum
        var trade = new Trade(TestBook.Btc, 1, 2, new Size(Size.Scale), Price.FromDollars(100));
        Assert.Equal(RejectReason.Paused, g.Book.Apply(trade).Rejection!.Reason);
        g.Book.Mark(100, advance: 7_200);
        g.Book.Ok(trade);
    }

    [Fact]
    public void Council_OneSignatureIsBelowThreshold()
    {
        var g = new GovBook();
        Unchanged(g, g.Pause(Role.Council, PauseFlags.Open, 100, g.Council[0]), RejectReason.BelowThreshold);
        Unchanged(g, g.Pause(Role.Council, PauseFlags.Open, 100, g.Council[0], g.Council[0]), RejectReason.BelowThreshold);
    }

    [Fact]
    public void Guardian_AlonePausesButCouncilCannotChangeParameters()
    {
        var g = new GovBook();
        g.Book.Ok(g.Pause(Role.Guardian, PauseFlags.Liquidate, 60, g.Guardians[0]));
        Assert.Equal(PauseFlags.Liquidate, g.Engine.State.Markets[TestBook.Btc].Paused);
        var (tx, _) = g.Proposal(DaoOperationKind.SetMarketParams, GovBook.ParamsPayload(new MarketParams { InitialMarginFraction = Fraction.FromPercent(50), MaintenanceMarginFraction = Fraction.FromPercent(25) }), g.Council[0], g.Council[1]);
        Unchanged(g, tx, RejectReason.Unauthorized);
    }

    [Fact]
    public void Timelock_NotEarly_VetoableWhileWaiting_NeverTwice()
    {
        var g = new GovBook();
        var newParams = new MarketParams { InitialMarginFraction = Fraction.FromPercent(20), MaintenanceMarginFraction = Fraction.FromPercent(10) };
        var (queue, id) = g.Proposal(DaoOperationKind.SetMarketParams, GovBook.ParamsPayload(newParams), g.Dao[0], g.Dao[1]);
        g.Book.Ok(queue);
        Unchanged(g, new ExecuteOperation(id), RejectReason.TimelockNotReady);
        g.Book.Mark(100, advance: 3_600);
        g.Book.Ok(new ExecuteOperation(id));
        Assert.Equal(Fraction.FromPercent(20), g.Engine.State.Markets[TestBook.Btc].Params.InitialMarginFraction);
        Unchanged(g, new ExecuteOperation(id), RejectReason.OperationDone);

        var (queue2, id2) = g.Proposal(DaoOperationKind.Unpause, GovBook.UnpausePayload(PauseFlags.Open), g.Dao[1], g.Dao[2]);
        g.Book.Ok(queue2);
        g.Book.Ok(g.Veto(id2, g.Council[0], g.Council[1]));
        g.Book.Mark(100, advance: 4_000);
        Unchanged(g, new ExecuteOperation(id2), RejectReason.UnknownOperation);
    }

    [Fact]
    public void Messages_ReplayedExpiredWrongDomainAndHighS_AreRejected()
    {
        var g = new GovBook();
        var once = g.Attestation(g.Watchers[0], nonce: 77);
        g.Book.Ok(once);
        Unchanged(g, once, RejectReason.Replayed);
        Unchanged(g, g.Attestation(g.Watchers[1], expiry: g.Book.Time - 1), RejectReason.Expired);
        var otherChain = GovBook.Domain with { ChainId = 1 };
        Unchanged(g, g.Attestation(g.Watchers[1], domain: otherChain), RejectReason.Unauthorized);
        Unchanged(g, g.Attestation(g.Strangers[0]), RejectReason.Unauthorized);
        var good = g.Attestation(g.Watchers[2]);
        Unchanged(g, good with { Signature = Signatures.HighS(good.Signature) }, RejectReason.BadSignature);
    }

    [Fact]
    public void Configure_Twice_IsRefused()
    {
        var g = new GovBook();
        var cfg = g.Engine.State.Governance.Config!;
        Unchanged(g, new ConfigureGovernance(cfg), RejectReason.GovernanceNotConfigured);
    }

    [Fact]
    public void ThreatSignal_FromATrustedPeer_RaisesOneStep_FromAnyoneElseNothing()
    {
        var g = new GovBook();
        Unchanged(g, g.Signal(g.Strangers[0]), RejectReason.Unauthorized);
        var once = g.Signal(g.Peers[0]);
        var r = g.Book.Ok(once);
        Assert.Equal(ResponseLevel.Elevated, g.Engine.State.Markets[TestBook.Btc].Ladder.Level);
        Assert.Equal(FloorSource.PeerSignal, Assert.Single(r.Events.OfType<LevelFloorRaised>()).Source);
        Unchanged(g, once, RejectReason.Replayed);
    }
}
