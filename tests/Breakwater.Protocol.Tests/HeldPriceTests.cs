using Breakwater.Protocol.Oracle;

namespace Breakwater.Protocol.Tests;

public class HeldPriceTests
{
    private const long W = 600;

    [Fact]
    public void ExcursionThatComesBackWithinTheWindow_MovesNothing()
    {
        var h = new HeldPrice();
        h.Reset(0, 100);
        for (var t = 60; t <= 540; t += 60) Assert.Equal(100, h.Observe(t, 104, W));
        Assert.Equal(100, h.Observe(600, 100, W));
        // Still 100 a full window later: the window [600, 1200] holds the 100 at 600.
        for (var t = 660; t <= 1_200; t += 60) Assert.Equal(100, h.Observe(t, 104, W));
    }

    [Fact]
    public void LevelHeldForTheWholeWindow_BecomesTheHeldPrice_AtTheWindowsLowest()
    {
        var h = new HeldPrice();
        h.Reset(0, 100);
        h.Observe(60, 106, W);
        h.Observe(120, 104, W);
        for (var t = 180; t < 660; t += 60) Assert.Equal(100, h.Observe(t, 105, W));
        // At 660 the window [60, 660] holds 106, 104 and 105s (the 106 at 60 is in force at its start): all above 100.
        Assert.Equal(104, h.Observe(660, 105, W));
        // Later the 104 leaves the window; every price since 120 is 105.
        Assert.Equal(105, h.Observe(780, 105, W));
    }

    [Fact]
    public void FallingPrice_IsFollowedOneWindowLate_AtTheWindowsHighest()
    {
        var h = new HeldPrice();
        h.Reset(0, 100);
        var held = new List<long>();
        for (var t = 60; t <= 1_200; t += 60) held.Add(h.Observe(t, 100 - t / 60, W));
        // −1 a minute: at t the window [t − 600, t] holds prices from 100 − (t − 600) / 60 down; the highest of them holds.
        Assert.Equal(100, held[8]);   // t = 540: the window still holds the listing price at 0
        Assert.Equal(100, held[9]);   // t = 600: the window [0, 600] holds it too
        Assert.Equal(99, held[10]);   // t = 660: price in force at 60 is 99
        Assert.Equal(90, held[19]);   // t = 1,200: price in force at 600 is 90
    }

    [Fact]
    public void SparseFeed_OneBadRoundMovesNothing_TwoRoundsAtTheNewLevelDo()
    {
        var h = new HeldPrice();
        h.Reset(0, 100);
        const long Day = 86_400;
        Assert.Equal(100, h.Observe(Day, 90, W));
        Assert.Equal(100, h.Observe(2 * Day, 100, W));
        Assert.Equal(100, h.Observe(3 * Day, 90, W));
        Assert.Equal(90, h.Observe(4 * Day, 90, W));
    }

    [Fact]
    public void ZeroWindow_FollowsAtOnce_AndResetReanchors()
    {
        var h = new HeldPrice();
        h.Reset(0, 100);
        Assert.Equal(130, h.Observe(15, 130, 0));
        h.Reset(30, 70);
        Assert.Equal(70, h.Units);
        Assert.Equal(1, h.Count);
    }
}
