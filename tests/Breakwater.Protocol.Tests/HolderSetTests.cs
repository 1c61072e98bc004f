using Breakwater.Protocol.Engine;
using FsCheck;
using FsCheck.Fluent;

namespace Breakwater.Protocol.Tests;

public class HolderSetTests
{
    [Fact]
    public void JoinsAndLeavesBetweenReads_AreReadInAscendingIdOrder()
    {
        var set = new HolderSet();
        foreach (var id in new long[] { 5, 1, 9 }) set.Add(id);
        Assert.Equal([1L, 5, 9], set.Ids());
        set.Remove(5);
        set.Add(3);
        set.Add(5);   // left and came back before the next read
        set.Remove(3);   // joined and left before the next read
        set.Add(12);
        Assert.Equal([1L, 5, 9, 12], set.Ids());
        Assert.Equal(4, set.Count);
        set.Clear();
        Assert.Empty(set.Ids());
    }

    [Fact]
    public void AnySequenceOfJoinsLeavesAndReads_MatchesASortedSet()
    {
        // An op is (account id 0..63, join or leave, read afterwards or not): small ids so joins, leaves and re-joins
        // collide. As in the engine, only a non-member joins and only a member leaves.
        var ops = Gen.Choose(0, 63).Zip(Gen.Elements(true, false)).Zip(Gen.Elements(true, false, false, false))
            .Select(t => (Id: (long)t.Item1.Item1, Join: t.Item1.Item2, Read: t.Item2)).ListOf();
        var reads = 0;
        Prop.ForAll(ops.ToArbitrary(), list =>
        {
            var set = new HolderSet();
            var reference = new SortedSet<long>();
            foreach (var (id, join, read) in list)
            {
                if (join && reference.Add(id)) set.Add(id);
                if (!join && reference.Remove(id)) set.Remove(id);
                Assert.Equal(reference.Count, set.Count);
                if (!read) continue;
                reads++;
                Assert.Equal(reference.ToList(), set.Ids());
            }
            Assert.Equal(reference.ToList(), set.Ids());
        }).Check(Seeded.Config(300));
        // Coverage guard: the property read the set mid-sequence many times, not only at the end.
        Assert.True(reads > 1_000, $"only {reads} reads mid-sequence");
    }

    [Fact]
    public void ManyJoinsAndLeavesWithoutARead_AreMergedAsTheyGo_AndStillReadInOrder()
    {
        // 20,000 joins in a shuffled order, every third account leaving again, and never a read: what is kept aside stays
        // within 1,024 + holders / 8 (it would reach 20,000 joins without the merge), and the first read is exact.
        var rng = new Random(7);
        var ids = Enumerable.Range(1, 20_000).Select(i => (long)i * 3).OrderBy(_ => rng.Next()).ToList();
        var set = new HolderSet();
        var reference = new SortedSet<long>();
        var most = 0;
        foreach (var id in ids)
        {
            set.Add(id);
            reference.Add(id);
            if (id % 9 == 0)
            {
                set.Remove(id);
                reference.Remove(id);
            }
            most = Math.Max(most, set.Pending);
            Assert.Equal(reference.Count, set.Count);
        }
        Assert.InRange(most, 1_000, 1_025 + reference.Count / 8);
        Assert.Equal(reference.ToList(), set.Ids());
    }
}
