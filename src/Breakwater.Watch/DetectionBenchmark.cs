using Breakwater.Protocol.Events;
using Breakwater.Watch.Detectors;

namespace Breakwater.Watch;

/// <summary>A labelled incident: its window (unix s) and its class (<see cref="IncidentClass"/>).</summary>
/// <param name="Start">When the incident begins (an injection's start, or a crash's onset derived from the move).</param>
/// <param name="End">When it ends.</param>
/// <param name="Class">Incident class.</param>
public sealed record Label(long Start, long End, string Class);

/// <summary>A labelled case: the event stream of one replay and its incidents (none = calm data).</summary>
/// <param name="Name">Case name.</param>
/// <param name="Events">Events with their market time, in order.</param>
/// <param name="Incidents">Labelled incidents.</param>
/// <param name="Rejections">Refused governance messages as the node would publish them (time, reason), or null.</param>
public sealed record LabelledCase(string Name, IReadOnlyList<(long Time, ProtocolEvent Event)> Events, IReadOnlyList<Label> Incidents,
    IReadOnlyList<(long Time, string Reason)>? Rejections = null)
{
    /// <summary>Market seconds the case covers (first to last event).</summary>
    public long DurationSeconds => Events.Count == 0 ? 0 : Events[^1].Time - Events[0].Time;

    /// <summary>
    /// The oracle interval of the case: the median gap between consecutive reports of one source, over every source
    /// (seconds; 0 when no source reported twice). Latencies are also expressed in these.
    /// </summary>
    public double OracleIntervalSeconds()
    {
        var last = new Dictionary<(int, int), long>();
        var gaps = new List<long>();
        foreach (var (t, e) in Events)
            if (e is OracleUpdated o)
            {
                if (last.TryGetValue((o.Market, o.Source), out var p) && t > p) gaps.Add(t - p);
                last[(o.Market, o.Source)] = t;
            }
        if (gaps.Count == 0) return 0;
        gaps.Sort();
        return gaps[(gaps.Count - 1) / 2];
    }

    /// <summary>The first oracle report at or after <paramref name="start"/>: where an incident first shows in the data.</summary>
    public long FirstReportAtOrAfter(long start)
    {
        foreach (var (t, e) in Events)
            if (t >= start && e is OracleUpdated) return t;
        return start;
    }
}

/// <summary>Scores of one detector (or of all together, as "overall").</summary>
public sealed class DetectorScore
{
    /// <summary>Detector name.</summary>
    public string Detector { get; set; } = "";
    /// <summary>The incident classes it is scored on ("all" for overall).</summary>
    public IReadOnlyList<string> Classes { get; set; } = [];
    /// <summary>Distinct findings (by dedup key) inside a labelled window.</summary>
    public int TruePositives { get; set; }
    /// <summary>Distinct findings outside every labelled window.</summary>
    public int FalsePositives { get; set; }
    /// <summary>Distinct findings in calm cases (no labelled incident).</summary>
    public int CalmFalsePositives { get; set; }
    /// <summary>Labelled incidents of its classes with at least one of its findings.</summary>
    public int Detected { get; set; }
    /// <summary>Labelled incidents of its classes with none.</summary>
    public int Missed { get; set; }
    /// <summary>TP / (TP + FP); 0 when nothing fired.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : TruePositives / (double)(TruePositives + FalsePositives);
    /// <summary>Detected / (Detected + Missed) over its own classes.</summary>
    public double Recall => Detected + Missed == 0 ? 0 : Detected / (double)(Detected + Missed);
    /// <summary>Detection latencies, seconds of market time from the first report carrying the incident.</summary>
    public List<long> Latencies { get; set; } = [];
    /// <summary>The same latencies in oracle intervals of their case.</summary>
    public List<double> LatencyIntervals { get; set; } = [];
    /// <summary>Median latency, or null.</summary>
    public long? MedianLatency => Latencies.Count == 0 ? null : Latencies.Order().ElementAt((Latencies.Count - 1) / 2);
    /// <summary>Worst latency, or null.</summary>
    public long? WorstLatency => Latencies.Count == 0 ? null : Latencies.Max();
    /// <summary>Median latency in oracle intervals, or null.</summary>
    public double? MedianLatencyIntervals => LatencyIntervals.Count == 0 ? null : LatencyIntervals.Order().ElementAt((LatencyIntervals.Count - 1) / 2);
    /// <summary>False alarms per 30 days of calm data (null when the suite has no calm case).</summary>
    public double? FalseAlarmsPer30Days { get; set; }
}

/// <summary>The first finding for one labelled incident of one case (Detector null when it was missed).</summary>
/// <param name="Case">Case name.</param>
/// <param name="Start">Incident start, unix s (null for a calm case).</param>
/// <param name="Class">Incident class, or null.</param>
/// <param name="Detector">First detector to fire, or null.</param>
/// <param name="Latency">Seconds from the first report carrying the incident, or null.</param>
/// <param name="LatencyIntervals">The latency in oracle intervals, or null.</param>
/// <param name="FalsePositives">Distinct findings in this case outside its labelled windows.</param>
/// <param name="FalsePositivesByDetector">The same, per detector (only those with any).</param>
public sealed record CaseDetection(string Case, long? Start, string? Class, string? Detector, long? Latency, double? LatencyIntervals, int FalsePositives,
    IReadOnlyDictionary<string, int> FalsePositivesByDetector);

/// <summary>
/// Runs detectors over labelled cases. A finding is a true positive when its time falls in a labelled window (start to
/// end plus <c>grace</c>); findings count once per detector and dedup key, so repetition is neither rewarded nor
/// punished. A detector's recall counts only the incidents of its own classes; overall recall counts every incident.
/// Latency runs from the first oracle report at or after an incident's start. Calm cases (no label) give the false
/// alarms per 30 days.
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
        DetectorScore Score(string name, IReadOnlyList<string> classes) => scores.TryGetValue(name, out var s) ? s : scores[name] = new DetectorScore { Detector = name, Classes = classes };
        long calmSeconds = 0;
        foreach (var c in cases)
        {
            var set = detectors();
            var unauthorized = new UnauthorizedAccessDetector();
            var all = set.Select(d => (d.Name, d.Classes)).Append((UnauthorizedAccessDetector.Name, UnauthorizedAccessDetector.Classes)).ToList();
            foreach (var (name, classes) in all) Score(name, classes);
            Score("overall", ["all"]);
            var findings = new List<Finding>();
            foreach (var (time, e) in c.Events)
                foreach (var d in set) findings.AddRange(d.Observe(time, e));
            foreach (var (time, reason) in c.Rejections ?? [])
                if (unauthorized.ObserveRejection(time, reason) is { } f) findings.Add(f);
            var calm = c.Incidents.Count == 0;
            if (calm) calmSeconds += c.DurationSeconds;
            bool Inside(Finding f) => c.Incidents.Any(i => f.Time >= i.Start && f.Time <= i.End + graceSeconds);
            var distinct = findings.GroupBy(f => f.Detector + "|" + f.DedupKey).Select(g => g.First()).ToList();
            foreach (var f in distinct)
                foreach (var s in new[] { scores[f.Detector], scores["overall"] })
                {
                    if (Inside(f)) s.TruePositives++;
                    else s.FalsePositives++;
                    if (calm) s.CalmFalsePositives++;
                }
            var interval = c.OracleIntervalSeconds();
            var falseByDetector = distinct.Where(f => !Inside(f)).GroupBy(f => f.Detector).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
            if (calm) perCase.Add(new CaseDetection(c.Name, null, null, null, null, null, distinct.Count(f => !Inside(f)), falseByDetector));
            foreach (var label in c.Incidents)
            {
                // An outage shows as reports that do not come: it counts from its start. Anything else counts from the first
                // report that carries it.
                var onset = label.Class == IncidentClass.OracleOutage ? label.Start : c.FirstReportAtOrAfter(label.Start);
                double? Intervals(long latency) => interval > 0 ? latency / interval : null;
                var first = findings.Where(f => f.Time >= label.Start && f.Time <= label.End + graceSeconds).OrderBy(f => f.Time).FirstOrDefault();
                var firstLatency = first is null ? (long?)null : Math.Max(0, first.Time - onset);
                perCase.Add(new CaseDetection(c.Name, label.Start, label.Class, first?.Detector, firstLatency, firstLatency is { } fl ? Intervals(fl) : null, distinct.Count(f => !Inside(f)), falseByDetector));
                foreach (var (name, classes) in all.Append(("overall", ["all"])))
                {
                    if (name != "overall" && !classes.Contains(label.Class)) continue;
                    var s = scores[name];
                    var t = findings.Where(f => (name == "overall" || f.Detector == name) && f.Time >= label.Start && f.Time <= label.End + graceSeconds).Select(f => (long?)f.Time).Min();
                    if (t is { } time)
                    {
                        s.Detected++;
                        var latency = Math.Max(0, time - onset);
                        s.Latencies.Add(latency);
                        if (Intervals(latency) is { } n) s.LatencyIntervals.Add(n);
                    }
                    else s.Missed++;
                }
            }
        }
        if (calmSeconds > 0)
            foreach (var s in scores.Values) s.FalseAlarmsPer30Days = s.CalmFalsePositives * (30.0 * 86_400) / calmSeconds;
        var overall = scores["overall"];
        scores.Remove("overall");
        return [.. scores.Values.OrderBy(s => s.Detector, StringComparer.Ordinal), overall];
    }
}
