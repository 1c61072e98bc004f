using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>The allocation-free market list the engine's loops walk must be the markets view, in ascending id.</summary>
public class MarketsInOrderTests
{
    [Fact]
    public void Markets_listed_out_of_order_come_in_ascending_id_and_survive_a_snapshot()
    {
        var e = new ProtocolEngine();
        var t = 1_700_000_000L;
        foreach (var id in new[] { 7, 2, 5, 0 })
            Assert.True(e.Apply(new CreateMarket(id, $"M{id}-USD", TestBook.Plain(), Price.FromDollars(100)) { Time = ++t }).Accepted);
        Assert.Equal([0, 2, 5, 7], e.State.MarketsInOrder.ToArray().Select(m => m.Id));
        Assert.Equal(e.State.Markets.Values, e.State.MarketsInOrder.ToArray());

        var restored = StateSnapshot.Read(StateSnapshot.Write(e), null);
        Assert.Equal([0, 2, 5, 7], restored.State.MarketsInOrder.ToArray().Select(m => m.Id));
        Assert.Equal(restored.State.Markets.Values, restored.State.MarketsInOrder.ToArray());
    }
}
