using Breakwater.Protocol.Access;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;
using FsCheck;
using FsCheck.Fluent;

namespace Breakwater.Protocol.Tests;

/// <summary>
/// Transactions with hostile numbers (0, ±1, the 64-bit extremes, values just past every range bound, random words) on
/// an engine holding positions with every guard on: the engine never faults, a refusal leaves the state hash as it was,
/// and value stays conserved after every accepted one.
/// </summary>
public class ExtremeInputPropertyTests
{
    private static readonly long[] Edges =
    [
        0, 1, -1, 2, long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, int.MaxValue, int.MinValue,
        1_000_000_000_000L * Usd.Scale, 1_000_000_000_000L * Usd.Scale + 1, 10_000_000_000L * Price.Scale, 10_000_000_000L * Price.Scale + 1,
        Price.FromDollars(10_000).Units, Size.Scale, 4_611_686_018_427_387_904, -4_611_686_018_427_387_904,
    ];

    private static readonly Gen<long> Number = Gen.OneOf(Gen.Elements(Edges), Gen.Choose(int.MinValue, int.MaxValue).Select(x => (long)x * 3_037_000_499L));

    private static readonly Gen<(int Kind, long A, long B, long C, long D)[]> Txs =
        Gen.Choose(0, 8).SelectMany(k => Number.Four().Select(t => (k, t.Item1, t.Item2, t.Item3, t.Item4))).ArrayOf(60);

    private static Transaction Make((int Kind, long A, long B, long C, long D) t)
    {
        int I(long x) => (int)(x % 4); // market and source ids near the real ones, negatives included
        return t.Kind switch
        {
            0 => new Deposit(t.A, new Usd(t.B)),
            1 => new Withdraw(t.A % 8, new Usd(t.B)),
            2 => new FundInsurance(new Usd(t.A)),
            3 => new Trade(I(t.A), t.B % 8, t.C % 8, new Size(t.C), new Price(t.D)),
            4 => new OracleReport(I(t.A), I(t.B), new Price(t.C)),
            5 => new Liquidate(t.A % 8, I(t.B), t.C % 8, new Price(t.D)),
            6 => new CreateMarket(I(t.A) + 2, "X", TestBook.Plain(), new Price(t.B)),
            7 => new Trade(1, 1 + Math.Abs(t.A % 3), 4 + Math.Abs(t.B % 3), new Size(t.C), new Price(t.D)),
            _ => new Tick(),
        };
    }

    private static ProtocolEngine Book()
    {
        var b = new TestBook(new MarketParams { Oracle = new OracleParams { SourceCount = 2, Quorum = 1 } });
        for (var a = 1; a <= 6; a++) b.Deposit(a, 50_000);
        b.Buy(1, 4, 2, 10_000);
        b.Buy(2, 5, 1, 10_000);
        return b.Engine;
    }

    [Fact]
    public void HostileNumbers_NeverFaultTheEngine_AndRefusalsChangeNothing()
    {
        var refused = 0;
        var accepted = 0;
        Prop.ForAll(Txs.ToArbitrary(), txs =>
        {
            var e = Book();
            var time = e.State.Time;
            foreach (var t in txs)
            {
                time += 1 + Math.Abs(t.D % 30);
                var before = e.StateHash();
                var r = e.Apply(Make(t) with { Time = time });
                Assert.Null(e.Fault);
                if (!r.Accepted)
                {
                    refused++;
                    Assert.Equal(before, e.StateHash());
                }
                else
                {
                    accepted++;
                    var s = e.State;
                    Assert.Equal(s.TotalDeposits - s.TotalWithdrawals + s.SocializedLoss, s.ClaimsPlusFunds());
                }
            }
        }).Check(Seeded.Config(60));
        // Both paths must be exercised, or the property says little.
        Assert.True(refused > 1_000, $"refused {refused}");
        Assert.True(accepted > 100, $"accepted {accepted}");
    }

    [Fact]
    public void SignedMode_GarbageSignaturesAndHostileFields_AreRefused_NeverFault_StateUntouched()
    {
        var s = new SignedBook();
        s.Fund(0, 1_000);
        s.Fund(1, 1_000);
        var users = s.Users.Select(u => u.Address).Append(DepositMessage.InsuranceFund).ToArray();
        var gen = Gen.Choose(0, 4).SelectMany(k => Number.Four().SelectMany(n => Gen.Choose(0, 255).ArrayOf(65).Select(sig => (k, n, sig.Select(x => (byte)x).ToArray()))));
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var (k, (a, b, c, d), sig) = x;
            var who = users[(int)(Math.Abs(a % users.Length))];
            Transaction tx = k switch
            {
                0 => new BridgeDeposit(new DepositMessage(who, b, c, d), [sig, sig]),
                1 => new SignedWithdraw(new WithdrawMessage(who, b, c, d), sig),
                2 => new MatchOrders(new OrderMessage(who, (int)(a % 3), true, b, c, d, s.Expiry), sig, new OrderMessage(users[1], 1, false, b, c, d, s.Expiry), sig, c),
                3 => new SignedOracleReport(new ReportMessage((int)(a % 3), (int)(b % 3), c, d), sig),
                _ => new SignedLiquidate(new LiquidationMessage(who, b, (int)(c % 3), d, a, s.Expiry), sig),
            };
            var before = s.Book.Engine.StateHash();
            var r = s.Book.Engine.Apply(tx with { Time = s.Book.Engine.State.Time + 1 });
            Assert.False(r.Accepted, $"{tx} was accepted with a random signature");
            Assert.Null(s.Book.Engine.Fault);
            Assert.Equal(before, s.Book.Engine.StateHash());
        }).Check(Seeded.Config(400));
    }
}
