using Breakwater.Crypto;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

public class GovernanceCaptureTests
{
    private static byte[] RolesPayload(Role role, int threshold, IEnumerable<byte[]> keys)
    {
        var w = new CanonicalWriter().U8((byte)role);
        RoleSet.Create(threshold, keys.Select(k => Address.FromBytes(Secp256k1.AddressOf(k)))).Write(w);
        return w.ToArray();
    }

    private static RoleSet Of(GovernanceConfig c, Role r) => r switch
    {
        Role.Watcher => c.Watchers,
        Role.Council => c.Council,
        Role.Guardian => c.Guardians,
        Role.Peer => c.Peers,
        _ => c.Dao,
    };

    [Theory]
    [InlineData(Role.Watcher)]
    [InlineData(Role.Council)]
    [InlineData(Role.Guardian)]
    [InlineData(Role.Dao)]
    [InlineData(Role.Peer)]
    public void SetRoles_ReplacesExactlyTheNamedRole(Role role)
    {
        var g = new GovBook();
        var before = g.Engine.State.Governance.Config!;
        var (queue, id) = g.Proposal(DaoOperationKind.SetRoles, RolesPayload(role, 1, g.Strangers.Take(2)), g.Dao[0], g.Dao[1]);
        g.Book.Ok(queue);
        g.Book.Mark(100, advance: 3_600);
        g.Book.Ok(new ExecuteOperation(id));
        var after = g.Engine.State.Governance.Config!;
        foreach (var r in Enum.GetValues<Role>())
        {
            var changed = !Of(after, r).Members.SequenceEqual(Of(before, r).Members);
            Assert.True(changed == (r == role), $"SetRoles({role}) {(changed ? "changed" : "left")} {r}");
        }
    }

    [Fact]
    public void ParameterUpdatePaused_TheDaoChangeWaits()
    {
        var g = new GovBook();
        var newParams = new MarketParams { InitialMarginFraction = Fraction.FromPercent(20), MaintenanceMarginFraction = Fraction.FromPercent(10) };
        var (queue, id) = g.Proposal(DaoOperationKind.SetMarketParams, GovBook.ParamsPayload(newParams), g.Dao[0], g.Dao[1]);
        g.Book.Ok(queue);
        g.Book.Ok(g.Pause(Role.Guardian, PauseFlags.ParameterUpdate, 7_200, g.Guardians[0]));
        g.Book.Mark(100, advance: 3_600);
        var hash = g.Engine.StateHash();
        Assert.Equal(RejectReason.Paused, g.Book.Apply(new ExecuteOperation(id)).Rejection?.Reason);
        Assert.Equal(hash, g.Engine.StateHash());
        g.Book.Mark(100, advance: 3_601); // the guardian's pause lapses by rule
        g.Book.Ok(new ExecuteOperation(id));
        Assert.Equal(Fraction.FromPercent(20), g.Engine.State.Markets[TestBook.Btc].Params.InitialMarginFraction);
    }
}

public class GovernanceLimitTests
{
    private static void Unchanged(GovBook g, Transaction tx, RejectReason expected, string? contains = null)
    {
        var hash = g.Engine.StateHash();
        var r = g.Book.Apply(tx);
        Assert.Equal(expected, r.Rejection?.Reason);
        if (contains is not null) Assert.Contains(contains, r.Rejection!.Detail);
        Assert.Equal(hash, g.Engine.StateHash());
    }

    [Fact]
    public void Messages_WithAFarExpiry_AreRefused()
    {
        var g = new GovBook();
        var far = g.Attestation(g.Watchers[0], level: 1, expiry: g.Book.Time + GovernanceLimits.MaxMessageLifetimeSeconds + 10);
        Unchanged(g, far, RejectReason.InvalidOperation, "short deadline");
    }

    [Fact]
    public void PreparedPause_MayBeSignedUpTo30DaysAhead_NotLonger()
    {
        var g = new GovBook();
        var month = GovernanceLimits.MaxPauseMessageLifetimeSeconds;
        Unchanged(g, g.Pause(Role.Council, PauseFlags.Open, 3_600, g.Book.Time + month + 10, g.Council[0], g.Council[1]), RejectReason.InvalidOperation, "short deadline");
        g.Book.Ok(g.Pause(Role.Council, PauseFlags.Open, 3_600, g.Book.Time + month - 86_400, g.Council[0], g.Council[1]));
        Assert.Equal(PauseFlags.Open, g.Engine.State.Markets[TestBook.Btc].Paused);
    }

    [Fact]
    public void Council_CannotVetoItsOwnReplacement_ButCanVetoOtherRoleChanges()
    {
        var g = new GovBook();
        var id = g.QueueRoleChange(Role.Council);
        Unchanged(g, g.Veto(id, g.Council[0], g.Council[1]), RejectReason.Unauthorized, "own replacement");

        var id2 = g.QueueRoleChange(Role.Guardian);
        g.Book.Ok(g.Veto(id2, g.Council[0], g.Council[1]));
    }

    [Fact]
    public void PeerSignals_NeverHalt_AndAreRateLimitedPerMarketPerDay()
    {
        var g = new GovBook();
        for (var i = 1; i <= GovernanceLimits.MaxPeerSignalsPerMarketPerDay; i++) g.Book.Ok(g.Signal(g.Peers[0], level: 3, sequence: i));
        var m = g.Engine.State.Markets[TestBook.Btc];
        Assert.Equal(GovernanceLimits.MaxPeerLevel, m.ExternalLevel);
        Assert.NotEqual(MarketStatus.Halted, m.Status);
        Unchanged(g, g.Signal(g.Peers[0], level: 3, sequence: 99), RejectReason.InvalidOperation, "peer signals today");
    }

    [Fact]
    public void DaoFastCancel_RemovesItsOwnQueuedOperationAtOnce_EvenTheCouncilsReplacement()
    {
        var g = new GovBook();
        var id = g.QueueRoleChange(Role.Council);
        Unchanged(g, g.Cancel(id, g.Dao[0]), RejectReason.BelowThreshold);
        Unchanged(g, g.Cancel(id, g.Council[0], g.Council[1]), RejectReason.Unauthorized);
        var r = g.Book.Ok(g.Cancel(id, g.Dao[1], g.Dao[2]));
        Assert.Equal(Events.OperationRemoval.Cancelled, Assert.Single(r.Events.OfType<Events.OperationRemoved>()).How);
        Unchanged(g, new ExecuteOperation(id), RejectReason.UnknownOperation);
        var cancel = g.Cancel(id, g.Dao[0], g.Dao[1]) with { Time = 5 };
        Assert.Equal(Convert.ToHexString(cancel.Encode()), Convert.ToHexString(TxCodec.Decode(cancel.Encode()).Encode()));
    }

    [Fact]
    public void QueuedOperation_NotExecutedWithinTheGracePeriod_Expires()
    {
        var g = new GovBook(); // timelock 3,600 s
        var (queue, id) = g.Proposal(DaoOperationKind.Unpause, GovBook.UnpausePayload(PauseFlags.Open), g.Dao[0], g.Dao[1]);
        g.Book.Ok(queue);
        var op = g.Engine.State.Governance.Operations[Convert.ToHexStringLower(id)];
        Assert.Equal(OperationState.Ready, op.StateAt(op.Eta + GovernanceLimits.OperationGracePeriodSeconds));
        Assert.Equal(OperationState.Expired, op.StateAt(op.Eta + GovernanceLimits.OperationGracePeriodSeconds + 1));
        Unchanged(g, new ExecuteOperation(id) { }, RejectReason.TimelockNotReady);
        var late = op.Eta + GovernanceLimits.OperationGracePeriodSeconds + 1 - g.Book.Time;
        var hash = g.Engine.StateHash();
        var r = g.Book.Apply(new ExecuteOperation(id), late);
        Assert.Equal(RejectReason.Expired, r.Rejection?.Reason);
        Assert.Equal(hash, g.Engine.StateHash());
    }

    [Fact]
    public void DaoExtendPause_MovesTheLapse_OnlyAfterTheTimelock()
    {
        var g = new GovBook(); // timelock 3,600 s, max pause 7,200 s
        g.Book.Ok(g.Pause(Role.Council, PauseFlags.Open, 7_200, g.Council[0], g.Council[1]));
        var m = g.Engine.State.Markets[TestBook.Btc];
        var lapse = m.PausedUntil;
        var until = lapse + 86_400;
        var (queue, id) = g.Proposal(DaoOperationKind.ExtendPause, new CanonicalWriter().I32(TestBook.Btc).I64(until).ToArray(), g.Dao[0], g.Dao[1]);
        g.Book.Ok(queue);
        Unchanged(g, new ExecuteOperation(id), RejectReason.TimelockNotReady);
        g.Book.Ok(new ExecuteOperation(id), 3_600);
        Assert.Equal(until, m.PausedUntil);
        Assert.Equal(PauseFlags.Open, m.PausedAt(lapse + 1)); // still paused past the council's own lapse
        Assert.Equal(PauseFlags.None, m.PausedAt(until));
    }

    [Fact]
    public void DaoSettle_RunsTheWaterfall_NoFlatAccountKeepsNegativeCollateral()
    {
        var g = new GovBook(); // BTC at $100
        g.Book.Ok(new FundInsurance(Usd.FromDollars(1_000)));
        g.Book.Deposit(1, 15);
        g.Book.Deposit(2, 10_000);
        g.Book.Buy(1, 2, 1, 100);
        var collateral = g.Engine.State.Accounts[1].Collateral;
        var fund = g.Engine.State.InsuranceFund;
        var (queue, id) = g.Proposal(DaoOperationKind.Settle, DaoPayloads.Settle(TestBook.Btc, Price.FromDollars(50)), g.Dao[0], g.Dao[1]);
        g.Book.Ok(queue);
        g.Book.Ok(new ExecuteOperation(id), 3_600);
        // Settled at $50, account 1 lost $50 on $15 less its fee: the shortfall comes out of the insurance fund, not left hidden.
        var shortfall = Usd.FromDollars(50) - collateral;
        Assert.Equal(Usd.Zero, g.Engine.State.Accounts[1].Collateral);
        Assert.Equal(fund - shortfall, g.Engine.State.InsuranceFund);
        var s = g.Engine.State;
        Assert.Equal(s.TotalDeposits - s.TotalWithdrawals + s.SocializedLoss, s.ClaimsPlusFunds());
        Assert.All(s.Accounts.Values, a => Assert.True(a.Positions.Count > 0 || a.Collateral.Micros >= 0, $"account {a.Id} flat with {a.Collateral}"));
    }

    [Fact]
    public void PeerSignal_SignedForAnotherProtocol_CannotBeRelayedHere()
    {
        var g = new GovBook();
        var elsewhere = GovBook.Domain with { VerifyingContract = Address.Parse("0x00000000000000000000000000000000000c0ffe") };
        Unchanged(g, g.Signal(g.Peers[0], level: 1, receiver: elsewhere), RejectReason.Unauthorized, "wrong key or wrong domain");
        Unchanged(g, g.Signal(g.Peers[0], level: 1, receiver: GovBook.Domain with { ChainId = 1 }), RejectReason.Unauthorized, "wrong key or wrong domain");
        g.Book.Ok(g.Signal(g.Peers[0], level: 1));
    }

    [Fact]
    public void GuardianRePausing_CannotExtendARunPastTheMaximum()
    {
        var g = new GovBook(); // max pause 7,200 s
        g.Book.Ok(g.Pause(Role.Guardian, PauseFlags.Open, 7_200, g.Guardians[0]));
        var since = g.Book.Time;
        g.Book.Mark(100, advance: 7_000);
        g.Book.Ok(g.Pause(Role.Guardian, PauseFlags.Open, 7_200, g.Guardians[0]));
        var m = g.Engine.State.Markets[TestBook.Btc];
        Assert.Equal(since + 7_200, m.PausedUntil);
        g.Book.Mark(100, advance: 300); // lapsed
        Unchanged(g, g.Pause(Role.Guardian, PauseFlags.Open, 7_200, g.Guardians[0]), RejectReason.InvalidOperation, "needs the DAO");
        g.Book.Mark(100, advance: 7_200); // lapsed as long as the maximum: a new run may start
        g.Book.Ok(g.Pause(Role.Guardian, PauseFlags.Open, 7_200, g.Guardians[0]));
    }
}
