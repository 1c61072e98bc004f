using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Protocol.Tests;

public class OracleTests
{
    private static readonly OracleParams ThreeSources = new() { SourceCount = 3, Quorum = 2 };
    private const long Now = 1_000_000;

    private static SourceReport? R(long dollars, long age = 0) => new SourceReport(dollars * Price.Scale, Now - age);

    [Fact]
    public void Aggregate_AgreeingSources_IsValidMedian()
    {
        var r = OracleAggregator.Aggregate([R(100), R(101), R(100)], ThreeSources, Now, 100 * Price.Scale);
        Assert.Equal(OracleValidity.Valid, r.Validity);
        Assert.Equal(100 * Price.Scale, r.IndexUnits);
        Assert.Equal(3, r.AcceptedSources);
        Assert.Equal(10_000, r.SpreadPpm); // (101 − 100) / 100
    }

    [Fact]
    public void Aggregate_NoFreshReport_IsStale()
    {
        var r = OracleAggregator.Aggregate([R(100, 121), R(100, 500), null], ThreeSources, Now, 0);
        Assert.Equal(OracleValidity.Stale, r.Validity);
    }

    [Fact]
    public void Aggregate_OutlierRejected_LeavesMedianOfOthers()
    {
        // 130 is 28.7 % from the median of all (101) > 5 %: rejected; index = mean of 100 and 101, floored.
        var r = OracleAggregator.Aggregate([R(100), R(101), R(130)], ThreeSources, Now, 100 * Price.Scale);
        Assert.Equal(OracleValidity.Valid, r.Validity);
        Assert.Equal(0b100UL, r.RejectedMask);
        Assert.Equal(10_050_000_000, r.IndexUnits);
    }

    [Fact]
    public void Aggregate_TooFewAfterRejection_IsInsufficientSources()
    {
        // One fresh source only, quorum 2.
        var r = OracleAggregator.Aggregate([R(100), R(100, 1_000), null], ThreeSources, Now, 100 * Price.Scale);
        Assert.Equal(OracleValidity.InsufficientSources, r.Validity);
        Assert.Equal(1, r.AcceptedSources);
    }

    [Fact]
    public void Aggregate_SpreadBeyondDivergenceBand_IsDiverging()
    {
        // 100, 103, 104: each within 5 % of the others' median, spread 4 % > 2 %.
        var r = OracleAggregator.Aggregate([R(100), R(103), R(104)], ThreeSources, Now, 103 * Price.Scale);
        Assert.Equal(OracleValidity.Diverging, r.Validity);
        Assert.Equal(38_835, r.SpreadPpm); // 4 / 103, rounded up
    }

    [Fact]
    public void Aggregate_IndexFarFromRollingAverage_IsTooVolatile()
    {
        var single = new OracleParams();
        var r = OracleAggregator.Aggregate([R(130)], single, Now, 100 * Price.Scale);
        Assert.Equal(OracleValidity.TooVolatile, r.Validity);
        Assert.Equal(300_000, r.MovePpm);
        var calm = OracleAggregator.Aggregate([R(104)], single, Now, 100 * Price.Scale);
        Assert.Equal(OracleValidity.Valid, calm.Validity);
        // The floor of the band is 5 %: a 6 % move of a quiet asset is already suspect.
        Assert.Equal(OracleValidity.TooVolatile, OracleAggregator.Aggregate([R(106)], single, Now, 100 * Price.Scale).Validity);
    }

    [Theory]
    [InlineData(OracleValidity.Valid, true, true, true, true)]
    [InlineData(OracleValidity.Diverging, false, true, false, false)]
    [InlineData(OracleValidity.TooVolatile, false, true, false, false)]
    [InlineData(OracleValidity.InsufficientSources, false, true, false, false)]
    [InlineData(OracleValidity.Stale, false, true, false, false)]
    public void Permissions_TableRow(OracleValidity v, bool open, bool reduce, bool liquidate, bool withdraw)
    {
        Assert.Equal(open, OraclePermissions.Allows(v, OracleOperation.Open));
        Assert.Equal(reduce, OraclePermissions.Allows(v, OracleOperation.Reduce));
        Assert.Equal(liquidate, OraclePermissions.Allows(v, OracleOperation.Liquidate));
        Assert.Equal(withdraw, OraclePermissions.Allows(v, OracleOperation.Withdraw));
    }

    [Fact]
    public void MarkSmoothing_BoundsOneUpdate()
    {
        var mark = Engine.OracleHandler.NextMark(Price.FromDollars(100), Price.FromDollars(150), Fraction.FromPercent(10));
        Assert.Equal(Price.FromDollars(110), mark);
        Assert.Equal(Price.FromDollars(150), Engine.OracleHandler.NextMark(Price.FromDollars(100), Price.FromDollars(150), Fraction.Zero));
    }
}
