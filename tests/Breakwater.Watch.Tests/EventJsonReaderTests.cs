using System.Text.Json.Nodes;
using Breakwater.Crypto;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Watch.Tests;

public class EventJsonReaderTests
{
    private static string Streamed(ProtocolEvent e) => new JsonObject
    {
        ["seq"] = 7, ["height"] = 3, ["time"] = 1_700_000_000, ["kind"] = e.Kind.ToString(), ["hash"] = "00",
        ["data"] = JsonNode.Parse(JsonFormat.Event(e)),
    }.ToJsonString();

    [Fact]
    public void MarketCreated_ComesBackWithTheParametersItWasListedWith_NotDefaults()
    {
        var p = new MarketParams
        {
            InitialMarginFraction = Fraction.FromPercent(20), MaintenanceMarginFraction = new Fraction(66_666), TickSize = new Price(5_000_000),
            AdlMode = AdlMode.GreedyQueue, Oracle = new OracleParams { SourceCount = 3, Quorum = 2, MaxReportAgeSeconds = 3_900 },
            Funding = new FundingParams { IntervalSeconds = 28_800 }, DepositMaturitySeconds = 12,
        };
        var (seq, time, e) = EventJsonReader.Read(Streamed(new MarketCreated(4, "ETH-USD", p, Price.FromDollars(1_850))));
        var created = Assert.IsType<MarketCreated>(e);
        Assert.Equal((7L, 1_700_000_000L, 4, "ETH-USD", Price.FromDollars(1_850)), (seq, time, created.Market, created.Symbol, created.InitialPrice));
        Assert.Equal(p, created.Params);
    }

    [Fact]
    public void AFixedPointValueWithMoreDecimalsThanItsScale_IsRefused()
    {
        var json = Streamed(new MarketCreated(0, "X", new MarketParams(), Price.FromDollars(1))).Replace("\"initialMarginFraction\":0.100000", "\"initialMarginFraction\":0.1000001");
        Assert.Contains("0.1000001", Assert.Throws<System.Text.Json.JsonException>(() => EventJsonReader.Read(json)).Message);
    }
}
