using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Transactions;
using FsCheck;
using FsCheck.Fluent;

namespace Breakwater.Protocol.Tests;

/// <summary>Snapshots: an engine restored at any height continues exactly as the one that never stopped.</summary>
public class StateSnapshotTests
{
    private static readonly Gen<((int, int, int, int)[] Ops, int Cut)> Runs =
        Gen.Choose(40, 140).SelectMany(n =>
            Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (5, Gen.Constant(2)), (3, Gen.Constant(3)), (2, Gen.Constant(4)), (1, Gen.Constant(5)))
               .SelectMany(k => Gen.Choose(0, 1_000_000).Three().Select(t => (k, t.Item1, t.Item2, t.Item3)))
               .ArrayOf(n)
               .SelectMany(ops => Gen.Choose(n / 2, n - 1).Select(cut => (ops, cut))));

    [Fact]
    public void RestoredAtAnyHeight_ContinuesWithTheSameEventsAndStateRoot()
    {
        // Funding every minute with a lagging mark, deposit maturity, the ladder, and the market-wide breaker with its migration.
        var plain = TestBook.Plain(Numerics.Fraction.FromBasisPoints(5));
        var p = plain with
        {
            Funding = new FundingParams { IntervalSeconds = 60 },
            DepositMaturitySeconds = 5,
            Ladder = new LadderParams(),
            Oracle = plain.Oracle with { MarkMaxStep = Numerics.Fraction.FromPercent(1) },
        };
        var restoredWithPositions = 0;
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var original = new ProtocolEngine();
            Assert.True(original.Apply(new ConfigureMarketWideBreaker(new MarketWideParams()) { Time = 1_700_000_000 }).Accepted);
            foreach (var tx in OpInterpreter.Genesis(p, 1_700_000_000)) Assert.True(original.Apply(tx).Accepted);
            var interp = new OpInterpreter(original, 1);
            byte[]? snapshot = null;
            string? hashAtCut = null;
            var after = new List<Transaction>();
            for (var i = 0; i < run.Ops.Length; i++)
            {
                if (i == run.Cut)
                {
                    snapshot = StateSnapshot.Write(original, out var hashOfSnapshot);
                    hashAtCut = original.StateHash();
                    Assert.Equal(hashAtCut, hashOfSnapshot); // the hash taken over the snapshot's bytes is the state hash
                }
                foreach (var tx in interp.Translate(run.Ops[i]).ToList())
                {
                    original.Apply(tx);
                    if (snapshot is not null) after.Add(tx);
                }
            }
            var restored = StateSnapshot.Read(snapshot!, null);
            Assert.Equal(hashAtCut, restored.StateHash());
            if (restored.State.Accounts.Values.Any(a => a.Positions.Count > 0)) restoredWithPositions++;
            foreach (var tx in after) restored.Apply(tx);
            Assert.Equal((original.Height, original.Chain.Count, original.LogHeadHash, original.StateHash()),
                (restored.Height, restored.Chain.Count, restored.LogHeadHash, restored.StateHash()));
            Assert.Equal(original.FindLiquidatable(1), restored.FindLiquidatable(1));
        }).Check(Seeded.Config(100));
        Assert.True(restoredWithPositions > 30, $"only {restoredWithPositions} snapshots held positions");
    }

    [Fact]
    public void ForeignOrDamagedBytes_AreRefused()
    {
        var e = new ProtocolEngine();
        foreach (var tx in OpInterpreter.Genesis(new MarketParams(), 1_700_000_000)) Assert.True(e.Apply(tx).Accepted);
        var bytes = StateSnapshot.Write(e);
        Assert.Contains("version", Assert.Throws<FormatException>(() => StateSnapshot.Read([.. BitConverter.GetBytes(2), .. bytes[4..]], null)).Message);
        Assert.Contains("trailing", Assert.Throws<FormatException>(() => StateSnapshot.Read([.. bytes, 0], null)).Message);
        Assert.ThrowsAny<Exception>(() => StateSnapshot.Read(bytes[..^3], null));
    }

    [Fact]
    public void StreamedInPieces_IsTheSameBytesAndHash_AndItsLengthIsKnownAhead()
    {
        // Two markets, an account in both (two positions), and enough accounts that the stream is written in several pieces.
        var e = new ProtocolEngine();
        var t = 1_700_000_000L;
        void Ok(Transaction tx) => Assert.True(e.Apply(tx with { Time = ++t }).Accepted);
        Ok(new CreateMarket(1, "BTC-USD", TestBook.Plain(), Numerics.Price.FromDollars(10_000)));
        Ok(new CreateMarket(2, "ETH-USD", TestBook.Plain(), Numerics.Price.FromDollars(2_000)));
        Ok(new Deposit(1, Numerics.Usd.FromDollars(100_000_000)));
        for (var a = 10L; a < 4_000; a++)
        {
            Ok(new Deposit(a, Numerics.Usd.FromDollars(10_000)));
            Ok(new Trade(1, a, 1, new Numerics.Size(Numerics.Size.Scale / 100), Numerics.Price.FromDollars(10_000)));
            if (a % 3 == 0) Ok(new Trade(2, 1, a, new Numerics.Size(Numerics.Size.Scale), Numerics.Price.FromDollars(2_000)));
        }
        var two = e.State.Accounts[12];
        Assert.Equal(2, two.PositionCount);
        Assert.Equal(AccountTree.LeafBytes(two).Length, AccountTree.EncodedLength(two));
        Assert.Equal(36 + 2 * 36, AccountTree.EncodedLength(two));

        var bytes = StateSnapshot.Write(e, out var hash);
        Assert.Equal(bytes.Length, StateSnapshot.EncodedLength(e));
        Assert.True(bytes.Length > 3 * 64 * 1024, $"{bytes.Length} bytes: too few for several pieces");
        using var stream = new MemoryStream();
        Assert.Equal(hash, StateSnapshot.WriteTo(stream, e));
        Assert.Equal(bytes, stream.ToArray());
        Assert.Equal(e.StateHash(), hash);
        Assert.Equal(e.StateHash(), StateSnapshot.Read(bytes, null).StateHash());
    }
}
