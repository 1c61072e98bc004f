using Breakwater.Lab.Data;
using Breakwater.Lab.Replay;
using Breakwater.Lab.Scenarios;

namespace Breakwater.Lab.Tests;

/// <summary>Hourly bars and push feeds: the two ways a scenario shows the same market through a coarser oracle.</summary>
public class SourceShapingTests
{
    private const long D = 100_000_000; // $1 in 1e-8 USD

    [Fact]
    public void Resample_MinuteBarsIntoHours_OpenFirstHighestLowestCloseLastVolumeSummed()
    {
        var bars = new List<Bar>
        {
            new(3_540, 60, 10 * D, 12 * D, 9 * D, 11 * D, 1),
            new(3_600, 60, 11 * D, 15 * D, 10 * D, 14 * D, 2),
            new(3_660, 60, 14 * D, 14 * D, 8 * D, 9 * D, 3),
            new(7_200, 60, 9 * D, 9 * D, 9 * D, 9 * D, 4),
        };
        var hourly = BarResampler.Resample(SourceSeries.FromBars("t", "t.csv", bars), 3_600);
        Assert.Equal(
            [new Bar(0, 3_600, 10 * D, 12 * D, 9 * D, 11 * D, 1), new Bar(3_600, 3_600, 11 * D, 15 * D, 8 * D, 9 * D, 5), new Bar(7_200, 3_600, 9 * D, 9 * D, 9 * D, 9 * D, 4)],
            hourly.Bars);
        // Each hourly bar is walked into four reports 15 minutes apart.
        Assert.Equal([3_600L, 4_500, 5_400, 6_300], hourly.Reports.Skip(4).Take(4).Select(r => r.Time));
    }

    [Fact]
    public void Resample_RoundsOrAnUnevenLength_IsAnErrorThatSaysWhy()
    {
        var rounds = new SourceSeries("chainlink", "rounds.csv", [new PricePoint(0, D), new PricePoint(3_600, D)], []);
        Assert.Contains("\"feed\"", Assert.Throws<ScenarioException>(() => BarResampler.Resample(rounds, 3_600)).Message);
        var minutes = SourceSeries.FromBars("t", "t.csv", [new Bar(0, 60, D, D, D, D, 0)]);
        Assert.Contains("not a positive multiple of the data's 60 s bars", Assert.Throws<ScenarioException>(() => BarResampler.Resample(minutes, 90)).Message);
    }

    [Fact]
    public void PushFeed_PublishesOnTheDeviationThresholdAndOnTheHeartbeat_LeavesOtherSourcesAlone()
    {
        var timeline = new List<TimelineItem>
        {
            new(0, 0, 0, 100 * D),
            new(300, 0, 1, 50 * D),     // another source: untouched
            new(600, 0, 0, 101 * D),    // 1 % from $100: not published
            new(1_200, 0, 0, 102 * D),  // 2 % from $100: published
            new(1_800, 0, 0, 101 * D),  // 0.98 % from $102: not published
            new(9_000, 0, 0, 101 * D),  // heartbeats fire at 4,800 and 8,400 with the $101 last observed; 9,000 itself is 600 s after
        };
        new PushFeed(3_600, 2).Thin(timeline, 0, 0);
        Assert.Equal(
            [new TimelineItem(0, 0, 0, 100 * D), new TimelineItem(300, 0, 1, 50 * D), new TimelineItem(1_200, 0, 0, 102 * D),
             new TimelineItem(4_800, 0, 0, 101 * D), new TimelineItem(8_400, 0, 0, 101 * D)],
            timeline);
    }

    [Fact]
    public void PushFeed_InAScenario_PublishesAManipulatedObservation_AndAnOutageSilencesTheHeartbeat()
    {
        using var data = new SyntheticData();
        var start = DateTimeOffset.FromUnixTimeSeconds(SyntheticData.Start);
        var scenario = ScenarioLoader.Load(data.ScenarioFile);
        scenario = scenario with
        {
            Markets = [scenario.Markets[0] with { Sources = [scenario.Markets[0].Sources[0] with { Feed = new PushFeed(86_400, 5) }] }],
            Injections =
            [
                new Injection { Type = "oracleManipulation", Source = 0, Factor = 0.9, At = start.AddHours(-12), DurationSeconds = 60 },
                new Injection { Type = "sourceOutage", Source = 0, At = start.AddMinutes(-1), DurationSeconds = 86_400 },
            ],
        };
        var reports = ReplayInput.Prepare(scenario, null, 100, 1).Timeline;
        // Flat at $100 for a day: the first report, the manipulated minute (−10 % crosses 5 %), and the return to $100.
        var manipulated = SyntheticData.Start - 12 * 3_600;
        Assert.Equal([SyntheticData.Start - 86_400, manipulated, manipulated + 60], reports.Select(r => r.Time));
        Assert.True(reports[1].Units < 91 * D, $"the manipulated report is {reports[1].Units}");
    }
}
