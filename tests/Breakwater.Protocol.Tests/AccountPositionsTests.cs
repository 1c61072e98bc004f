using Breakwater.Protocol.Accounts;

namespace Breakwater.Protocol.Tests;

/// <summary>An account's positions: one array in market-id order, read through the count, the index or the dictionary view.</summary>
public class AccountPositionsTests
{
    [Fact]
    public void Positions_StayInMarketIdOrder_ThroughAddsAndRemoves()
    {
        var a = new Account(7);
        foreach (var market in new[] { 5, 1, 3 }) a.AddPosition(new Position(market));
        Assert.Equal([1, 3, 5], Enumerable.Range(0, a.PositionCount).Select(i => a.PositionAt(i).MarketId));
        Assert.Equal([1, 3, 5], a.Positions.Keys);
        a.RemovePosition(3);
        a.RemovePosition(4); // none there: no-op
        Assert.Equal([1, 5], a.Positions.Values.Select(p => p.MarketId));
        Assert.Equal((true, false), (a.Positions.ContainsKey(5), a.Positions.TryGetValue(3, out _)));
        Assert.Null(a.SinglePosition);
        a.RemovePosition(1);
        Assert.Equal(5, a.SinglePosition?.MarketId);
        Assert.Throws<KeyNotFoundException>(() => a.Positions[1]);
        Assert.Throws<InvalidOperationException>(() => a.AddPosition(new Position(5)));
        a.RemovePosition(5);
        Assert.Equal((0, null), (a.PositionCount, a.SinglePosition));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.PositionAt(0));
        a.AddPosition(new Position(2));
        Assert.Equal((1, 2), (a.PositionCount, a.PositionAt(0).MarketId));
    }
}
