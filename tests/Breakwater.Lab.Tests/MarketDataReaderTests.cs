using Breakwater.Lab.Data;

namespace Breakwater.Lab.Tests;

public sealed class MarketDataReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bw-data").FullName;
    private const string Header = "timestamp,unix_s,venue,symbol,open,high,low,close,volume\n";

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string text)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("x,60,v,S,1,1,1,1,1\nx,120,v,S,abc,1,1,1,1\n", 3, "column open: 'abc' is not a number")]
    [InlineData("x,60,v,S,1,1,1,1,1\nx,120,v,S,NaN,1,1,1,1\n", 3, "column open: 'NaN' is not a number")]
    [InlineData("x,60,v,S,1,1,1,1,1\nx,120,v,S,1,1,1,99999999999999999999,1\n", 3, "column close: '99999999999999999999' is out of range")]
    [InlineData("x,60,v,S,1,1,1,1,1\nx,120,v,S,0,1,0,1,1\n", 3, "not positive")]
    [InlineData("x,60,v,S,1,1,1,1,1\nx,120,v,S,1,1,2,1,1\n", 3, "below low")]
    [InlineData("x,60,v,S,1,1,1,1,1\nx,60,v,S,1,1,1,1,1\n", 3, "duplicate timestamp")]
    [InlineData("x,120,v,S,1,1,1,1,1\nx,60,v,S,1,1,1,1,1\n", 3, "before the previous")]
    [InlineData("x,60,v,S,1,1,1,1,1\nx,120,v,S,-1,1,1,1,1\n", 3, "not positive")]
    public void Load_BadRow_NamesFileLineAndReason(string rows, long line, string reason)
    {
        var path = Write(Header + rows);
        var e = Assert.Throws<DataException>(() => MarketDataReader.Load(path, null, null, 0, long.MaxValue));
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Reason);
        Assert.StartsWith(path + ":" + line, e.Message);
    }

    [Fact]
    public void Walk_VisitsOpenNearerExtremeOtherExtremeClose()
    {
        // open 10 is nearer the low 9 than the high 14: open, low, high, close, 15 s apart.
        var bar = new Bar(600, 60, 10_00000000, 14_00000000, 9_00000000, 12_00000000, 0);
        var walk = SourceSeries.Walk(bar).ToList();
        Assert.Equal([600L, 615, 630, 645], walk.Select(p => p.Time));
        Assert.Equal([10_00000000L, 9_00000000, 14_00000000, 12_00000000], walk.Select(p => p.Units));
    }

    [Fact]
    public void Load_BinanceKlinesWithMicroseconds_ReadsOpenTimeAndQuoteVolume()
    {
        var path = Write("1735689600000000,93576.00,93610.93,93537.50,93610.93,8.21827,1735689659999999,768978.4,100,1,1,0\n");
        var s = MarketDataReader.Load(path, null, null, 0, long.MaxValue);
        Assert.Equal(1_735_689_600, s.Bars[0].Time);
        Assert.Equal(768_978.4, s.Bars[0].QuoteVolume, 3);
        Assert.Equal(4, s.Reports.Count);
    }

    [Fact]
    public void Load_ChainlinkRounds_SameSecondKeepsLaterRound()
    {
        var path = Write("timestamp_updated,updated_at_unix_s,started_at_unix_s,feed,proxy_address,round_id,answer_raw,decimals,answer,answered_in_round\n" +
                         "x,100,100,BTC/USD,0x,1,1,8,27753.0,1\nx,100,100,BTC/USD,0x,2,1,8,27700.5,2\nx,160,160,BTC/USD,0x,3,1,8,25544.0,3\n");
        var s = MarketDataReader.Load(path, null, null, 0, long.MaxValue);
        Assert.Equal([new PricePoint(100, 2_770_050_000_000), new PricePoint(160, 2_554_400_000_000)], s.Reports);
    }

    [Fact]
    public void Load_VenueAndSymbolFilter_KeepsOneSeries()
    {
        var path = Write(Header + "x,60,a,S,1,1,1,1,1\nx,60,b,S,2,2,2,2,1\nx,120,a,S,1,1,1,1,1\n");
        var s = MarketDataReader.Load(path, "b", "S", 0, long.MaxValue);
        Assert.Single(s.Bars);
        Assert.Equal(2_00000000, s.Bars[0].Close);
    }
}
