using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Breakwater.Protocol.Tests;

public class AccountTreeTests
{
    [Fact]
    public void EmptyTree_RootIsTheEmptySubtreeOfHeight64_AndAnAccountChangesIt()
    {
        var t = new AccountTree();
        // Worked by hand: E0 = 32 zero bytes, E(h+1) = SHA-256(0x01 ‖ Eh ‖ Eh).
        var e = new byte[32];
        for (var h = 0; h < 64; h++) e = AccountTree.Inner(e, e);
        Assert.Equal(e, t.Root);
        t.Set(7, AccountTree.LeafHash([1, 2, 3]));
        Assert.NotEqual(e, t.Root);
        t.Set(7, null);
        Assert.Equal(e, t.Root);
    }

    [Fact]
    public void Proof_VerifiesForItsAccountOnly_AndATamperedBalanceFails()
    {
        var state = new ProtocolState();
        foreach (var id in new long[] { 1, 2, 3, 1_000_000_007, long.MaxValue })
            state.AccountMap[id] = new Account(id) { Collateral = Usd.FromDollars(id % 1000 + 1) };
        var t = AccountTree.Build(state);
        var a = state.Accounts[1_000_000_007];
        var leaf = AccountTree.LeafHash(AccountTree.LeafBytes(a));
        var path = t.Siblings(a.Id);
        Assert.True(AccountTree.Verify(a.Id, leaf, path, t.Root));
        // The same proof does not prove another id, nor a different balance.
        Assert.False(AccountTree.Verify(3, leaf, path, t.Root));
        var forged = new Account(a.Id) { Collateral = a.Collateral + Usd.FromDollars(1) };
        Assert.False(AccountTree.Verify(a.Id, AccountTree.LeafHash(AccountTree.LeafBytes(forged)), path, t.Root));
        // An absent account proves as the empty leaf.
        Assert.True(AccountTree.Verify(42, new byte[32], t.Siblings(42), t.Root));
    }

    [Fact]
    public void BottomUpBuild_EqualsSettingEveryLeaf_ForDenseAndSparseIds()
    {
        var rng = new Random(7);
        foreach (var ids in new[] { Enumerable.Range(1, 1_000).Select(i => (long)i).ToArray(), Enumerable.Range(0, 500).Select(_ => rng.NextInt64(1, long.MaxValue)).Append(long.MaxValue).Distinct().ToArray() })
        {
            var state = new ProtocolState();
            foreach (var id in ids) state.AccountMap[id] = new Account(id) { Collateral = new Usd(id % 1_000_003) };
            var oneByOne = new AccountTree();
            foreach (var id in ids) oneByOne.Set(id, AccountTree.LeafHash(AccountTree.LeafBytes(state.Accounts[id])));
            var built = AccountTree.Build(state);
            Assert.Equal(oneByOne.RootHex, built.RootHex);
            // The stored inner nodes agree too: a proof from the built tree verifies.
            Assert.True(AccountTree.Verify(ids[3], AccountTree.LeafHash(AccountTree.LeafBytes(state.Accounts[ids[3]])), built.Siblings(ids[3]), built.Root));
        }
    }

    private static readonly Gen<(int, int, int, int)[]> Ops =
        Gen.Choose(30, 100).SelectMany(n =>
            Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (5, Gen.Constant(2)), (3, Gen.Constant(3)), (2, Gen.Constant(4)), (1, Gen.Constant(5)))
               .SelectMany(k => Gen.Choose(0, 1_000_000).Three().Select(t => (k, t.Item1, t.Item2, t.Item3)))
               .ArrayOf(n));

    [Fact]
    public void IncrementalRoot_FromTheAccountsTheEngineTouched_EqualsAFullRebuild_AfterEveryTransaction()
    {
        var touchedTotal = 0;
        Prop.ForAll(Ops.ToArbitrary(), ops =>
        {
            var engine = new ProtocolEngine();
            engine.Index.TrackRefreshed();
            var tree = new AccountTree();
            foreach (var tx in OpInterpreter.Genesis(TestBook.Plain(Fraction.FromBasisPoints(5)), 1_700_000_000)) Assert.True(engine.Apply(tx).Accepted);
            tree.Update(engine.State, engine.Index.TakeRefreshed());
            var interp = new OpInterpreter(engine, 1);
            foreach (var op in ops)
                foreach (var tx in interp.Translate(op).ToList())
                {
                    engine.Apply(tx);
                    var touched = engine.Index.TakeRefreshed();
                    touchedTotal += touched.Count;
                    tree.Update(engine.State, touched);
                    Assert.Equal(AccountTree.Build(engine.State).RootHex, tree.RootHex);
                }
        }).Check(Seeded.Config(60));
        Assert.True(touchedTotal > 1_000, $"only {touchedTotal} account updates: the property tests too little");
    }
}

public class MarketLeafTests
{
    [Fact]
    public void AMarket_IsALeafAboveEveryAccountKey_AndItsProofBreaksWhenItsStateChanges()
    {
        var b = new TestBook();
        b.Deposit(1, 1_000);
        b.Deposit(2, 1_000);
        var m = b.Engine.State.Markets[TestBook.Btc];
        var key = AccountTree.MarketKey(m.Id);
        Assert.Equal(1UL << 63 | (ulong)TestBook.Btc, key);
        Assert.True(key > long.MaxValue); // no account id reaches it
        var t = AccountTree.Build(b.Engine.State);
        var leaf = AccountTree.LeafHash(AccountTree.MarketLeafBytes(m));
        Assert.True(AccountTree.VerifyAt(key, leaf, t.SiblingsAt(key), t.Root));
        var before = t.RootHex;
        b.Mark(29_000);
        var moved = AccountTree.LeafHash(AccountTree.MarketLeafBytes(m));
        Assert.False(AccountTree.VerifyAt(key, moved, t.SiblingsAt(key), t.Root)); // the old root does not hold the market after the report
        t.Update(b.Engine.State, []);
        Assert.NotEqual(before, t.RootHex);
        Assert.Equal(AccountTree.Build(b.Engine.State).RootHex, t.RootHex);
        Assert.True(AccountTree.VerifyAt(key, moved, t.SiblingsAt(key), t.Root));
    }
}
