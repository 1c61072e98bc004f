using Breakwater.Protocol.Events;
using Breakwater.Watch.Detectors;

namespace Breakwater.Watch;

/// <summary>A labelled case: the event stream of one replay and the intervals (unix s) that are incidents.</summary>
/// <param name="Name">Case name.</param>
/// <param name="Events">Events with their market time, in order.</param>
/// <param name="Incidents">Labelled incident intervals [start, end].</param>
/// <param name="Rejections">Refused governance messages as the node would publish them (time, reason), or null.</param>
public sealed record LabelledCase(string Name, IReadOnlyList<(long Time, ProtocolEvent Event)> Events, IReadOnlyList<(long Start, long End)> Incidents,
    IReadOnlyList<(long Time, string Reason)>? Rejections = null);

/// <summary>Scores of one detector (or of all together, as "overall").</summary>
public sealed class DetectorScore
{
    /// <summary>Detector name.</summary>
    public string Detector { get; set; } = "";
    /// <summary>Distinct findings (by dedup key) inside a labelled window.</summary>
    public int TruePositives { get; set; }
    /// <summary>Distinct findings outside every labelled window.</summary>
    public int FalsePositives { get; set; }
    /// <summary>Labelled incidents with at least one finding.</summary>
    public int Detected { get; set; }
    /// <summary>Labelled incidents with none.</summary>
    public int Missed { get; set; }
    /// <summary>TP / (TP + FP); 0 when nothing fired.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : TruePositives / (double)(TruePositives + FalsePositives);
    /// <summary>Detected / (Detected + Missed).</summary>
    public double Recall => Detected + Missed == 0 ? 0 : Detected / (double)(Detected + Missed);
    /// <summary>Detection latencies, seconds of market time (first finding − incident start).</summary>
    public List<long> Latencies { get; set; } = [];
    /// <summary>Median latency, or null.</summary>
    public long? MedianLatency => Latencies.Count == 0 ? null : Latencies.Order().ElementAt((Latencies.Count - 1) / 2);
    /// <summary>Worst latency, or null.</summary>
    public long? WorstLatency => Latencies.Count == 0 ? null : Latencies.Max();
}

/// <summary>The first finding for one labelled incident of one case (Detector null when it was missed).</summary>
/// <param name="Case">Case name.</param>
/// <param name="Start">Incident start, unix s.</param>
/// <param name="Detector">First detector to fire, or null.</param>
/// <param name="Latency">Seconds from the start, or null.</param>
/// <param name="FalsePositives">Distinct findings in this case outside its labelled windows.</param>
public sealed record CaseDetection(string Case, long? Start, string? Detector, long? Latency, int FalsePositives);

/// <summary>
/// Runs detectors over labelled cases. A finding counts as a true positive when its time falls in a labelled
/// window (start to end plus <c>grace</c>); findings are counted once per dedup key, so a detector that fires
/// every minute during one incident is not rewarded (nor punished) for repetition.
/// </summary>
public static class DetectionBenchmark
{
    /// <summary>Scores per detector and overall ("overall" last).</summary>
    public static List<DetectorScore> Evaluate(IEnumerable<LabelledCase> cases, Func<List<IDetector>> detectors, long graceSeconds = 900)
        => Evaluate(cases, detectors, graceSeconds, out _);

    /// <summary>As <see cref="Evaluate(IEnumerable{LabelledCase}, Func{List{IDetector}}, long)"/>, also giving the first detection of every labelled incident.</summary>
    public static List<DetectorScore> Evaluate(IEnumerable<LabelledCase> cases, Func<List<IDetector>> detectors, long graceSeconds, out List<CaseDetection> perCase)
    {
        perCase = [];
        var scores = new Dictionary<string, DetectorScore>();
        DetectorScore Score(string name) => scores.TryGetValue(name, out var s) ? s : scores[name] = new DetectorScore { Detector = name };
        foreach (var c in cases)
        {
            var set = detectors();
            foreach (var d in set) Score(d.Name);
            var findings = new List<Finding>();
            foreach (var (time, e) in c.Events)
                foreach (var d in set) findings.AddRange(d.Observe(time, e));
            var unauthorized = new UnauthorizedAccessDetector();
            Score(unauthorized.Name);
            foreach (var (time, reason) in c.Rejections ?? [])
                if (unauthorized.ObserveRejection(time, reason) is { } f) findings.Add(f);
            void Count(DetectorScore s, IEnumerable<Finding> fs)
            {
                foreach (var byKey in fs.GroupBy(f => f.Detector + "|" + f.DedupKey))
                {
                    var f = byKey.First();
                    if (c.Incidents.Any(i => f.Time >= i.Start && f.Time <= i.End + graceSeconds)) s.TruePositives++;
                    else s.FalsePositives++;
                }
            }
            var names = set.Select(d => d.Name).Append(unauthorized.Name).ToList();
            foreach (var name in names) Count(Score(name), findings.Where(f => f.Detector == name));
            Count(Score("overall"), findings);
            var outside = findings.GroupBy(f => f.Detector + "|" + f.DedupKey).Count(g => !c.Incidents.Any(i => g.First().Time >= i.Start && g.First().Time <= i.End + graceSeconds));
            if (c.Incidents.Count == 0) perCase.Add(new CaseDetection(c.Name, null, null, null, outside));
            foreach (var (start, end) in c.Incidents)
            {
                var first = findings.Where(f => f.Time >= start && f.Time <= end + graceSeconds).OrderBy(f => f.Time).FirstOrDefault();
                perCase.Add(new CaseDetection(c.Name, start, first?.Detector, first is null ? null : first.Time - start, outside));
            }
            foreach (var name in names.Append("overall"))
            {
                var s = Score(name);
                var mine = name == "overall" ? findings : findings.Where(f => f.Detector == name).ToList();
                foreach (var (start, end) in c.Incidents)
                {
                    var first = mine.Where(f => f.Time >= start && f.Time <= end + graceSeconds).Select(f => (long?)f.Time).Min();
                    if (first is { } t) { s.Detected++; s.Latencies.Add(t - start); }
                    else s.Missed++;
                }
            }
        }
        var overall = Score("overall");
        scores.Remove("overall");
        return [.. scores.Values.OrderBy(s => s.Detector, StringComparer.Ordinal), overall];
    }
}
