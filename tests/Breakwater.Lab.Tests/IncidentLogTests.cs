using Breakwater.Lab.Reports;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;

namespace Breakwater.Lab.Tests;

public class IncidentLogTests
{
    [Fact]
    public void AnIncident_CollectsItsMarketsSteps_AndNothingOfAnotherMarket()
    {
        var log = new IncidentLog(m => m == 0 ? "BTC-USD" : "ETH-USD");
        var watcher = Address.Parse("0x00000000000000000000000000000000000000aa");
        log.Apply(new IncidentOpened(1, 0, IncidentTrigger.PriceBandLimit, ResponseLevel.High), 100, seq: 7, hash: "ab");
        log.Apply(new LadderLevelChanged(1, 0, ResponseLevel.Normal, ResponseLevel.High, IncidentTrigger.PriceBandLimit, 60_000, 50_000, 400), 100, 8, "cd");
        log.Apply(new MarketStatusChanged(0, MarketStatus.Active, MarketStatus.ReduceOnly), 100, 9, "ef");
        log.Apply(new MarketStatusChanged(1, MarketStatus.Active, MarketStatus.Halted), 110, 10, "01"); // another market: no incident there
        log.Apply(new AttestationRecorded(0, 3, "00", watcher, 1, 3), 120, 11, "02");
        log.Apply(new LadderLevelChanged(1, 0, ResponseLevel.High, ResponseLevel.Severe, IncidentTrigger.PriceBandBreachHeld, 90_000, 50_000, 700), 130, 12, "03");
        log.Apply(new IncidentClosed(1, 0), 900, 13, "04");
        log.Apply(new MarketStatusChanged(0, MarketStatus.ReduceOnly, MarketStatus.Active), 901, 14, "05"); // after the close: not part of it
        var i = Assert.Single(log.All);
        Assert.Equal((1L, 0, "BTC-USD", "PriceBandLimit", 3, 100L, (long?)900, (long?)700), (i.Id, i.MarketId, i.Market, i.Trigger, i.Level, i.OpenedAt, i.ClosedAt, i.ExpiresAt));
        Assert.Equal([7L, 8, 9, 11, 12, 13], i.Timeline.Select(t => t.Seq));
        Assert.Equal(["opened: PriceBandLimit, level 2", "level 0→2 (PriceBandLimit: 60000 vs 50000; lapses 1970-01-01T00:06:40Z)", "status Active→ReduceOnly",
            $"attested by {watcher} (1/3)", "level 2→3 (PriceBandBreachHeld: 90000 vs 50000; lapses 1970-01-01T00:11:40Z)", "closed"], i.Timeline.Select(t => t.Text));
        Assert.Equal([watcher.Hex], i.AttestedBy);
    }
}
