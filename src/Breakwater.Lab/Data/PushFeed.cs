using Breakwater.Lab.Replay;

namespace Breakwater.Lab.Data;

/// <summary>
/// A push oracle's publication rule, as Chainlink's Data Feeds state it: a new round is written when the observed
/// price has moved more than the deviation threshold from the last written answer, or when the heartbeat has elapsed
/// since the last round (docs.chain.link, "Data Feeds: deviation threshold and heartbeat"). Applied to a source's
/// reports, it shows the same market through a feed with a longer heartbeat or a wider threshold — a 24-hour heartbeat
/// and a 2 % threshold are common for secondary assets. It is applied after the scenario's price manipulations (a
/// manipulated observation is published when it crosses the threshold, as a real feed would publish it) and before its
/// outages (a feed that is down writes no rounds, heartbeat or not).
/// </summary>
/// <param name="HeartbeatSeconds">Longest time between rounds, seconds (positive).</param>
/// <param name="DeviationThresholdPercent">Move from the last answer that forces a round, percent (0 &lt; x &lt; 100).</param>
public sealed record PushFeed(long HeartbeatSeconds, double DeviationThresholdPercent)
{
    /// <summary>Why the feed is invalid, or null.</summary>
    public string? Validate()
        => HeartbeatSeconds <= 0 ? "feed.heartbeatSeconds must be positive"
            : !(DeviationThresholdPercent > 0 && DeviationThresholdPercent < 100) ? "feed.deviationThresholdPercent must be above 0 and below 100"
            : null;

    /// <summary>
    /// Keeps, of the reports of (<paramref name="market"/>, <paramref name="source"/>) in <paramref name="timeline"/>, the
    /// ones this feed would have published; other markets' and sources' reports are untouched. The first report is
    /// always published; a heartbeat round is written exactly one heartbeat after the last round, at the price last
    /// observed. The list must hold each source's reports in time order; heartbeat rounds are appended out of order
    /// with other sources' reports, so sort the timeline afterwards.
    /// </summary>
    public void Thin(List<TimelineItem> timeline, int market, int source)
    {
        // Integer comparison: |p − last| · 1e6 ≥ last · threshold in ppm, so the rule cannot round differently anywhere.
        var thresholdPpm = (long)Math.Round(DeviationThresholdPercent * 10_000);
        long lastTime = long.MinValue, lastUnits = 0, observed = 0;
        var kept = new List<TimelineItem>(timeline.Count);
        foreach (var t in timeline)
        {
            if (t.Market == market && t.Source == source)
            {
                // The heartbeat fires on time with the price last observed, whether or not the data has a report then.
                while (lastTime != long.MinValue && t.Time - lastTime > HeartbeatSeconds)
                {
                    lastTime += HeartbeatSeconds;
                    lastUnits = observed;
                    kept.Add(t with { Time = lastTime, Units = observed });
                }
                observed = t.Units;
                var publish = lastTime == long.MinValue || t.Time - lastTime >= HeartbeatSeconds
                    || (Int128)Math.Abs(t.Units - lastUnits) * 1_000_000 >= (Int128)lastUnits * thresholdPpm;
                if (!publish) continue;
                lastTime = t.Time;
                lastUnits = t.Units;
            }
            kept.Add(t);
        }
        timeline.Clear();
        timeline.AddRange(kept);
    }
}
