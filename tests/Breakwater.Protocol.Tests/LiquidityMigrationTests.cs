using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>Liquidity migration: half the insurance fund into a timelocked vault at the critical level or on the council's word; back only through the DAO after the lock.</summary>
public class LiquidityMigrationTests
{
    private static void Conserved(ProtocolState s) => Assert.Equal(s.TotalDeposits - s.TotalWithdrawals + s.SocializedLoss, s.ClaimsPlusFunds());

    [Fact]
    public void CriticalLevel_MovesHalfTheFund_OncePerLock()
    {
        var p = new MarketParams
        {
            Breaker = new BreakerParams { Enabled = false }, DynamicMargin = new DynamicMarginParams { Enabled = false },
            Oracle = new OracleParams { TooVolatileBand = Fraction.Zero, MaxReportAgeSeconds = 100_000 },
        };
        var e = new ProtocolEngine();
        long t = 1_700_006_400; // 00:00 UTC
        ApplyResult Ok(Transaction tx) { var r = e.Apply(tx with { Time = ++t }); Assert.True(r.Accepted, r.Rejection?.ToString()); return r; }
        Ok(new ConfigureMarketWideBreaker(new MarketWideParams()));
        Ok(new CreateMarket(0, "A-USD", p, Price.FromDollars(100)));
        Ok(new FundInsurance(Usd.FromDollars(100_001)));
        Ok(new Deposit(1, Usd.FromDollars(10_000)));
        Ok(new Deposit(2, Usd.FromDollars(10_000)));
        Ok(new OracleReport(0, 0, Price.FromDollars(100)));
        Ok(new Trade(0, 1, 2, new Size(Size.Scale), Price.FromDollars(100)));
        var fund = e.State.InsuranceFund;

        // Down 36 % from the day's reference: the market-wide breaker's third level puts the market at 4, critical.
        var critical = Ok(new OracleReport(0, 0, Price.FromDollars(64)));
        var moved = Assert.Single(critical.Events.OfType<LiquidityMigrated>());
        var half = new Usd(fund.Micros / 2); // 50 % rounded down
        Assert.Equal((MigrationTrigger.CriticalLevel, 0, half, half, fund - half, t + 7 * 86_400),
            (moved.Trigger, moved.Market, moved.Amount, moved.Vault, moved.InsuranceFund, moved.LockedUntil));
        Assert.Equal(ResponseLevel.Critical, e.State.Markets[0].Ladder.Level);
        Conserved(e.State);

        // The next day's crash reaches level 4 again inside the lock: nothing more moves.
        t += 86_400;
        Ok(new OracleReport(0, 0, Price.FromDollars(64)));
        var again = Ok(new OracleReport(0, 0, Price.FromDollars(40)));
        Assert.Empty(again.Events.OfType<LiquidityMigrated>());
        Assert.Equal(half, e.State.Vault);
    }

    [Fact]
    public void Council_MigratesEarly_GuardianCannot_NoDrainForTheLadder_AndNobodyButTheDaoAfterTheLockBringsItBack()
    {
        var g = new GovBook();
        g.Book.Ok(new FundInsurance(Usd.FromDollars(200_000)));
        // Market-wide breaker at genesis of this book: GovBook lists its market first, so configure before any position.
        g.Book.Ok(new ConfigureMarketWideBreaker(new MarketWideParams { VaultLockSeconds = 86_400 }));

        Assert.Equal(RejectReason.InvalidOperation, g.Book.Apply(g.GlobalPause(Role.Guardian, PauseFlags.MigrateLiquidity, 60, g.Guardians[0])).Rejection!.Reason);
        Assert.Equal(RejectReason.InvalidOperation, g.Book.Apply(g.Pause(Role.Council, PauseFlags.MigrateLiquidity, 60, g.Council[0], g.Council[1])).Rejection!.Reason);
        // A report after the ladder's 300 s window: the window now starts with the $200,000 fund.
        g.Book.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(100)), 400);
        var r = g.Book.Ok(g.GlobalPause(Role.Council, PauseFlags.MigrateLiquidity, 60, g.Council[0], g.Council[1]));
        var moved = Assert.Single(r.Events.OfType<LiquidityMigrated>());
        Assert.Equal((MigrationTrigger.Council, Usd.FromDollars(100_000)), (moved.Trigger, moved.Amount));
        Assert.Equal(PauseFlags.None, g.Engine.State.GlobalPaused); // a migration is not a pause
        Conserved(g.Engine.State);
        // Half the fund left it inside the window, but into the vault: the ladder sees no insurance-fund drain.
        Assert.Empty(g.Book.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(100))).Events.OfType<LadderLevelChanged>());

        // The council cannot take it back: a release needs the DAO's signatures.
        var payload = DaoPayloads.ReleaseVault(Usd.FromDollars(100_000));
        var (byCouncil, _) = g.Proposal(DaoOperationKind.ReleaseVault, payload, g.Council[0], g.Council[1]);
        Assert.Equal(RejectReason.Unauthorized, g.Book.Apply(byCouncil).Rejection!.Reason);
        // The DAO's release is queued now (1 h timelock) but refused at execution while the vault is locked (1 day).
        var (queue, id) = g.Proposal(DaoOperationKind.ReleaseVault, payload, g.Dao[0], g.Dao[1]);
        g.Book.Ok(queue);
        var early = g.Book.Apply(new ExecuteOperation(id), 3_600);
        Assert.Equal(RejectReason.InvalidOperation, early.Rejection!.Reason);
        Assert.Contains("locked until", early.Rejection.Detail);
        var released = g.Book.Ok(new ExecuteOperation(id), 86_400);
        Assert.Equal(Usd.Zero, Assert.Single(released.Events.OfType<VaultReleased>()).Vault);
        Assert.Equal(Usd.FromDollars(200_000), g.Engine.State.InsuranceFund);
        Conserved(g.Engine.State);
    }

    [Fact]
    public void MigrationOff_CouncilRequestIsRefused()
    {
        var g = new GovBook();
        g.Book.Ok(new FundInsurance(Usd.FromDollars(1_000)));
        var r = g.Book.Apply(g.GlobalPause(Role.Council, PauseFlags.MigrateLiquidity, 60, g.Council[0], g.Council[1]));
        Assert.Equal(RejectReason.InvalidOperation, r.Rejection!.Reason);
        Assert.Contains("off", r.Rejection.Detail);
    }
}
