using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Liquidation;
using FsCheck;
using FsCheck.Fluent;

namespace Breakwater.Protocol.Tests;

/// <summary>The liquidation index's ordered buckets against a plain list: same answers to every range query.</summary>
public class KeyBucketsTests
{
    private static List<long> Above(KeyBuckets buckets, Int128 threshold)
    {
        var found = new List<long>();
        buckets.AtOrAbove(threshold, found);
        return found;
    }

    private static List<long> Below(KeyBuckets buckets, Int128 threshold)
    {
        var found = new List<long>();
        buckets.AtOrBelow(threshold, found);
        return found;
    }

    [Theory]
    [InlineData(8_191, 8_191)]               // below 2^13: every key is its own bucket
    [InlineData(8_192, 57_344)]              // 14 bits: (14 << 12) | 0
    [InlineData(16_383, 61_439)]             // 14 bits, mantissa 4,095
    [InlineData(16_384, 61_440)]             // 15 bits: (15 << 12) | 0
    [InlineData(-1, -2)]
    [InlineData(-8_192, -57_345)]
    public void BucketOf_SplitsKeysIntoBitLengthAndTwelveBitsBelowTheTop(long key, long bucket)
        => Assert.Equal(bucket, KeyBuckets.BucketOf(key));

    [Fact]
    public void BucketOf_NeverDecreases_AcrossSignsAndMagnitudes()
    {
        // Keys from a spread of magnitudes (shifted by 0..100 bits) so every bucket regime and the sign change are crossed.
        var key = Gen.Choose(-1_000_000, 1_000_000).Zip(Gen.Choose(0, 100)).Select(t => (Int128)t.Item1 << t.Item2);
        Prop.ForAll(key.Two().ToArbitrary(), pair =>
        {
            var (a, b) = pair.Item1 <= pair.Item2 ? pair : (pair.Item2, pair.Item1);
            Assert.True(KeyBuckets.BucketOf(a) <= KeyBuckets.BucketOf(b), $"BucketOf({a}) > BucketOf({b})");
        }).Check(Seeded.Config(2_000));
    }

    [Fact]
    public void AddsRemovesAndQueries_MatchAPlainList()
    {
        // Keys x·2^s + y crowd a few buckets (a bucket spans 1/4096 of x·2^s, so for s above ~20 keys differing only in y
        // share one, on both sides of a query's threshold), with exact ties, over every magnitude and both signs;
        // accounts 0..39 collide.
        var key = Gen.Choose(-3, 3).Zip(Gen.Choose(0, 70).Zip(Gen.Choose(-2_000, 2_000))).Select(t => ((Int128)t.Item1 << t.Item2.Item1) + t.Item2.Item2);
        var op = Gen.Choose(0, 39).Zip(key).Zip(Gen.Choose(0, 3)).Select(t => (Account: (long)t.Item1.Item1, Key: t.Item1.Item2, Kind: t.Item2));
        var queries = 0;
        Prop.ForAll(op.ListOf().ToArbitrary(), ops =>
        {
            var buckets = new KeyBuckets();
            var where = new Dictionary<long, (Int128 Key, int Bucket, int Slot)>();
            var accounts = new Dictionary<long, Account>();
            foreach (var (account, key, kind) in ops)
            {
                if (kind == 3)
                {
                    queries++;
                    Assert.Equal(where.Where(e => e.Value.Key >= key).Select(e => e.Key).Order(), Above(buckets, key).Order());
                    Assert.Equal(where.Where(e => e.Value.Key <= key).Select(e => e.Key).Order(), Below(buckets, key).Order());
                    continue;
                }
                // A key change that stays in the bucket is rewritten in place, as the index does; else remove and add.
                if (kind == 2 && where.TryGetValue(account, out var same) && buckets.TrySetKey(same.Bucket, same.Slot, key))
                {
                    where[account] = same with { Key = key };
                    continue;
                }
                if (where.Remove(account, out var old)) buckets.Remove(old.Bucket, old.Slot);
                if (kind == 0) continue; // a removal only
                if (!accounts.TryGetValue(account, out var a)) accounts[account] = a = new Account(account);
                var (bucket, slot) = buckets.Add(key, a);
                where[account] = (key, bucket, slot);
            }
        }).Check(Seeded.Config(300));
        Assert.True(queries > 1_000, $"only {queries} queries");
    }

    [Fact]
    public void AnAccountMovingAcrossBuckets_LeavesFewEmptiedBucketsListed_AndQueriesStayExact()
    {
        // One account walks 1,000 distinct buckets while two others stay put: the emptied buckets are pruned once they
        // outnumber the rest (more than 16), so at most 2 · 16 + 3 stay listed; without pruning 1,002 would.
        var buckets = new KeyBuckets();
        var walker = new Account(1);
        buckets.Add(-5_000, new Account(2));
        buckets.Add((Int128)1 << 100, new Account(3));
        var (bucket, slot) = buckets.Add(0, walker);
        for (var step = 1; step <= 1_000; step++)
        {
            buckets.Remove(bucket, slot);
            (bucket, slot) = buckets.Add((Int128)step << 40, walker);
            Assert.True(buckets.ListedBuckets <= 35, $"{buckets.ListedBuckets} buckets listed after {step} moves");
        }
        Assert.Equal([1L, 3L], Above(buckets, (Int128)1_000 << 40).Order());
        Assert.Equal([3L], Above(buckets, ((Int128)1_000 << 40) + 1));
        Assert.Equal([1L, 2L], Below(buckets, (Int128)1_000 << 40).Order());
        Assert.Equal([2L], Below(buckets, 0));
    }

    [Fact]
    public void ARemovalLeavesAHoleTheNextAddFills_SoNoOtherEntryMoves()
    {
        // 100 keys in one bucket (2^40 + i share its top 13 bits); 50 leave, 50 others come: the newcomers take exactly
        // the freed slots (none beyond slot 99), and the 50 that stayed keep theirs, as their own index entries say.
        var buckets = new KeyBuckets();
        var slots = new Dictionary<long, (int Bucket, int Slot)>();
        for (var i = 0; i < 100; i++) slots[i] = buckets.Add(((Int128)1 << 40) + i, new Account(i));
        Assert.Single(slots.Values.Select(s => s.Bucket).Distinct());
        for (var i = 0; i < 100; i += 2) buckets.Remove(slots[i].Bucket, slots[i].Slot);
        var freed = Enumerable.Range(0, 50).Select(k => slots[2 * k].Slot).Order().ToList();
        var taken = Enumerable.Range(0, 50).Select(k => buckets.Add(((Int128)1 << 40) + 200 + k, new Account(200 + k)).Slot).Order().ToList();
        Assert.Equal(freed, taken);
        Assert.Equal(Enumerable.Range(0, 50).Select(k => 2L * k + 1).Concat(Enumerable.Range(200, 50).Select(k => (long)k)).Order(),
            Above(buckets, 0).Order());
    }
}
