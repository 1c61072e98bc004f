using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Breakwater.Lab.Reports;

/// <summary>One event as a node streams it (<c>GET /v1/events</c>): sequence, height, market time, kind, chained hash, data.</summary>
public sealed record StreamedEvent(long Seq, long Height, long Time, string Kind, string Hash, JsonElement Data)
{
    /// <summary>Parses one <c>data:</c> line of the event stream.</summary>
    /// <exception cref="FormatException">not an event.</exception>
    public static StreamedEvent Parse(string json)
    {
        try
        {
            var r = JsonDocument.Parse(json).RootElement;
            return new StreamedEvent(r.GetProperty("seq").GetInt64(), r.GetProperty("height").GetInt64(), r.GetProperty("time").GetInt64(),
                r.GetProperty("kind").GetString()!, r.GetProperty("hash").GetString()!, r.GetProperty("data").Clone());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a streamed event: {e.Message}");
        }
    }

    internal int Market => Data.TryGetProperty("market", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : int.MinValue;

    internal string Str(string name) => Data.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText() : "";

    internal double Num(string name) => Data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
}

/// <summary>
/// A post-incident report built from a node's event stream alone, so anyone holding the stream reproduces it: per
/// incident, its trigger and level path, the evidence, the watchers' attestations and who signed them, governance
/// actions, liquidations and insurance-fund draws, time to detect and time to contain, every listed event with its
/// chained hash (check one at <c>GET /v1/events/{seq}</c>, or the whole log with <c>breakwater verify</c>), and a chart of
/// each market's index and mark.
/// </summary>
/// <remarks>
/// Timing rule (written down so it can be argued with): the incident's window starts 30 minutes before it opened. Its
/// onset is the first anomaly in that window for its market — an oracle grade other than Valid, a suspected source, a
/// liquidation, an insurance-fund draw, or a watcher attestation (the market's or protocol-wide) — else the opening.
/// Detected: the first of the opening and the first attestation. Contained: the first restriction after the onset — the
/// level reaching 2 (reduce-only) or more, the market leaving Active, or a pause of the market or of the protocol.
/// </remarks>
public sealed class PostMortem
{
    private const long Lookback = 1_800;
    private static readonly HashSet<string> Timeline =
    [
        "IncidentOpened", "LadderLevelChanged", "IncidentClosed", "MarketStatusChanged", "OracleSourceSuspected", "PriceConfirmed",
        "AttestationRecorded", "LevelFloorRaised", "PauseApplied", "MarketWideBreakerTriggered", "PauseFlagsChanged", "AdlExecuted", "LossSocialized",
    ];

    private readonly List<Incident> _incidents = [];
    private readonly Dictionary<int, string> _symbols;
    private readonly Dictionary<int, List<(long T, double Index, double Mark)>> _prices = new();
    private readonly string _node, _logHead, _stateHash;
    private readonly long _events, _lastTime;

    /// <summary>One incident as the report tells it.</summary>
    public sealed class Incident
    {
        /// <summary>Incident id (the node's).</summary>
        public long Id { get; init; }
        /// <summary>Market id.</summary>
        public int Market { get; init; }
        /// <summary>Market symbol.</summary>
        public string Symbol { get; init; } = "";
        /// <summary>Trigger that opened it.</summary>
        public string Trigger { get; init; } = "";
        /// <summary>Highest level reached.</summary>
        public int MaxLevel { get; set; }
        /// <summary>Opened, closed (null while open), onset, detected and contained (null if never), unix seconds.</summary>
        public long OpenedAt { get; init; }
        /// <inheritdoc cref="OpenedAt"/>
        public long? ClosedAt { get; set; }
        /// <inheritdoc cref="OpenedAt"/>
        public long Onset { get; set; }
        /// <inheritdoc cref="OpenedAt"/>
        public long DetectedAt { get; set; }
        /// <inheritdoc cref="OpenedAt"/>
        public long? ContainedAt { get; set; }
        /// <summary>Distinct watcher addresses that attested within the window.</summary>
        public SortedSet<string> Attesters { get; } = new(StringComparer.Ordinal);
        /// <summary>Liquidations in the market within the window: count and notional at fill (USD).</summary>
        public int Liquidations { get; set; }
        /// <inheritdoc cref="Liquidations"/>
        public double LiquidatedUsd { get; set; }
        /// <summary>Insurance-fund draws within the window, USD.</summary>
        public double InsuranceDrawnUsd { get; set; }
        /// <summary>The events that tell the story, with their hashes.</summary>
        public List<StreamedEvent> Events { get; } = [];
    }

    /// <summary>The incidents reported, by id.</summary>
    public IReadOnlyList<Incident> Incidents => _incidents;

    private PostMortem(Dictionary<int, string> symbols, string node, string logHead, string stateHash, long events, long lastTime)
    {
        _symbols = symbols;
        _node = node;
        _logHead = logHead;
        _stateHash = stateHash;
        _events = events;
        _lastTime = lastTime;
    }

    /// <summary>Builds the report from every event of a node's log, in sequence order.</summary>
    /// <param name="events">The whole stream from sequence 1.</param>
    /// <param name="symbols">Market symbols by id.</param>
    /// <param name="node">Where the stream came from (shown in the report).</param>
    /// <param name="logHead">The node's log head when the stream was read.</param>
    /// <param name="stateHash">The node's state root then.</param>
    /// <param name="onlyIncident">One incident id, or null for all.</param>
    /// <exception cref="ArgumentException"><paramref name="onlyIncident"/> is not an incident of this log (the message lists the known ids).</exception>
    public static PostMortem Build(IReadOnlyList<StreamedEvent> events, IReadOnlyDictionary<int, string> symbols, string node, string logHead, string stateHash, long? onlyIncident)
    {
        var pm = new PostMortem(new Dictionary<int, string>(symbols), node, logHead, stateHash, events.Count, events.Count == 0 ? 0 : events[^1].Time);
        var byId = new Dictionary<long, Incident>();
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case "IncidentOpened":
                    var id = (long)e.Num("incident");
                    var inc = new Incident { Id = id, Market = e.Market, Symbol = pm.Symbol(e.Market), Trigger = Pascal(e.Str("trigger")), OpenedAt = e.Time, MaxLevel = (int)e.Num("level") };
                    byId[id] = inc;
                    pm._incidents.Add(inc);
                    break;
                case "LadderLevelChanged" when byId.TryGetValue((long)e.Num("incident"), out var i):
                    i.MaxLevel = Math.Max(i.MaxLevel, (int)e.Num("to"));
                    break;
                case "IncidentClosed" when byId.TryGetValue((long)e.Num("incident"), out var c):
                    c.ClosedAt = e.Time;
                    break;
                case "OracleUpdated":
                    if (!pm._prices.TryGetValue(e.Market, out var list)) pm._prices[e.Market] = list = [];
                    list.Add((e.Time, e.Num("index"), e.Num("mark")));
                    break;
            }
        }
        if (onlyIncident is { } only)
        {
            if (!byId.ContainsKey(only))
                throw new ArgumentException($"incident {only} is not in this log (incidents: {(byId.Count == 0 ? "none" : string.Join(", ", byId.Keys))})");
            pm._incidents.RemoveAll(i => i.Id != only);
        }
        foreach (var inc in pm._incidents) pm.Fill(inc, events);
        return pm;
    }

    private void Fill(Incident inc, IReadOnlyList<StreamedEvent> events)
    {
        var from = inc.OpenedAt - Lookback;
        var to = inc.ClosedAt ?? _lastTime;
        long? onset = null, attested = null, contained = null;
        var lo = LowerBound(events, from);
        for (var k = lo; k < events.Count && events[k].Time <= to; k++)
        {
            var e = events[k];
            // Protocol-wide events (market −1, or the market-wide breaker, which names no market) belong to every incident.
            var ours = e.Market == inc.Market || e.Market == -1 || e.Kind == "MarketWideBreakerTriggered";
            if (!ours) continue;
            var anomaly = e.Kind switch
            {
                "OracleUpdated" => e.Str("validity") is not ("valid" or "Valid"),
                "OracleSourceSuspected" or "Liquidated" or "AttestationRecorded" => true,
                _ => false,
            } || e.Kind == "InsuranceFundDrawn";
            if (anomaly && onset is null && e.Time <= inc.OpenedAt) onset = e.Time;
            switch (e.Kind)
            {
                case "Liquidated" when e.Market == inc.Market:
                    inc.Liquidations++;
                    inc.LiquidatedUsd += Math.Abs(e.Num("size")) * e.Num("fillPrice");
                    continue;
                case "InsuranceFundDrawn":
                    inc.InsuranceDrawnUsd += e.Num("amount");
                    continue;
                case "AttestationRecorded":
                    inc.Attesters.Add(e.Str("signer"));
                    attested ??= e.Time;
                    break;
            }
            var restricts = e.Kind switch
            {
                "LadderLevelChanged" => e.Num("to") >= 2 && e.Num("to") > e.Num("from"),
                "MarketStatusChanged" => e.Str("to") is not ("active" or "Active"),
                "PauseFlagsChanged" => e.Str("flags") is not ("none" or "None"),
                _ => false,
            };
            if (restricts && contained is null && e.Time >= (onset ?? inc.OpenedAt)) contained = e.Time;
            if (Timeline.Contains(e.Kind) && (e.Kind != "LadderLevelChanged" || (long)e.Num("incident") == inc.Id)) inc.Events.Add(e);
        }
        inc.DetectedAt = Math.Min(inc.OpenedAt, attested ?? long.MaxValue);
        inc.Onset = Math.Min(onset ?? inc.OpenedAt, inc.DetectedAt);
        inc.ContainedAt = contained;
    }

    private static int LowerBound(IReadOnlyList<StreamedEvent> events, long time)
    {
        int lo = 0, hi = events.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (events[mid].Time < time) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private string Symbol(int market) => market == -1 ? "protocol" : _symbols.TryGetValue(market, out var s) ? s : market.ToString(CultureInfo.InvariantCulture);

    private static string Pascal(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Iso(long t) => DateTimeOffset.FromUnixTimeSeconds(t).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Span(long? seconds) => seconds switch
    {
        null => "not contained",
        < 60 => $"{seconds} s",
        < 3_600 => $"{seconds / 60} min {seconds % 60:00} s",
        _ => $"{seconds / 3_600} h {seconds % 3_600 / 60:00} min",
    };

    private static string Describe(StreamedEvent e) => e.Kind switch
    {
        "IncidentOpened" => $"incident opened at level {e.Num("level")} ({Pascal(e.Str("trigger"))})",
        "LadderLevelChanged" => $"level {e.Num("from")} → {e.Num("to")} ({Pascal(e.Str("trigger"))}; evidence {e.Str("evidenceValue")} vs threshold {e.Str("evidenceThreshold")})",
        "IncidentClosed" => "incident closed",
        "MarketStatusChanged" => $"status {e.Str("from")} → {e.Str("to")}",
        "OracleSourceSuspected" => $"source {e.Num("source")} suspected: moved {e.Num("movePpm") / 1e4:0.##} % from its own history ({e.Str("validity")})",
        "PriceConfirmed" => $"price confirmed at {e.Str("price")} ({e.Num("sources")} sources, pending {e.Num("pendingSeconds")} s)",
        "AttestationRecorded" => $"watcher {e.Str("signer")} attested level {e.Num("level")} ({e.Num("count")} of {e.Num("threshold")})",
        "LevelFloorRaised" => $"{Pascal(e.Str("source"))} raised market {e.Str("market")} to level {e.Num("level")} until {e.Str("until")} ({e.Num("signers")} signers)",
        "PauseApplied" => $"{Pascal(e.Str("role"))} paused {e.Str("flags")} on market {e.Str("market")} until {e.Str("until")} ({e.Num("signers")} signers)",
        "MarketWideBreakerTriggered" => $"market-wide breaker: decline {e.Num("declinePpm") / 1e4:0.##} % crossed {e.Num("thresholdPpm") / 1e4:0.##} %, every market to level {e.Num("level")}",
        "PauseFlagsChanged" => $"pause flags {e.Str("flags")} until {e.Str("until")}",
        _ => e.Kind,
    };

    /// <summary>The report as Markdown.</summary>
    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Post-mortem from {_node}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Built from the node's event stream alone: {_events:N0} events, log head `{_logHead}`, state root `{_stateHash}`. ");
        sb.Append("Every listed event carries its chained hash: check one at `GET /v1/events/{seq}` or the whole log with `breakwater verify`.\n\n");
        if (_incidents.Count == 0) sb.Append("No incident was opened in this log.\n");
        sb.Append("| incident | market | trigger | max level | opened | closed | time to detect | time to contain | attesters | liquidations | insurance drawn |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var i in _incidents)
            sb.Append(CultureInfo.InvariantCulture, $"| #{i.Id} | {i.Symbol} | {i.Trigger} | {i.MaxLevel} | {Iso(i.OpenedAt)} | {(i.ClosedAt is { } c ? Iso(c) : "open")} | {Span(i.DetectedAt - i.Onset)} | {Span(i.ContainedAt - i.Onset)} | {i.Attesters.Count} | {i.Liquidations:N0} (${i.LiquidatedUsd:N0}) | ${i.InsuranceDrawnUsd:N2} |\n");
        foreach (var i in _incidents)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n## Incident #{i.Id} · {i.Symbol} · {i.Trigger}\n\n");
            sb.Append(CultureInfo.InvariantCulture, $"Onset {Iso(i.Onset)}; detected {Iso(i.DetectedAt)}; contained {(i.ContainedAt is { } ct ? Iso(ct) : "never")}; highest level {i.MaxLevel}.\n");
            if (i.Attesters.Count > 0) sb.Append("Attested by ").Append(string.Join(", ", i.Attesters.Select(a => $"`{a}`"))).Append(".\n");
            sb.Append("\n| time | seq | event | hash |\n|---|---|---|---|\n");
            foreach (var e in i.Events)
                sb.Append(CultureInfo.InvariantCulture, $"| {Iso(e.Time)} | {e.Seq} | {Describe(e)} | `{e.Hash}` |\n");
        }
        return sb.ToString();
    }

    /// <summary>The report as JSON (the numbers and every listed event's sequence and hash).</summary>
    public string Json()
    {
        var arr = new JsonArray();
        foreach (var i in _incidents)
            arr.Add(new JsonObject
            {
                ["id"] = i.Id, ["market"] = i.Market, ["symbol"] = i.Symbol, ["trigger"] = i.Trigger, ["maxLevel"] = i.MaxLevel,
                ["openedAt"] = i.OpenedAt, ["closedAt"] = i.ClosedAt, ["onset"] = i.Onset, ["detectedAt"] = i.DetectedAt, ["containedAt"] = i.ContainedAt,
                ["timeToDetectSeconds"] = i.DetectedAt - i.Onset, ["timeToContainSeconds"] = i.ContainedAt - i.Onset,
                ["attesters"] = new JsonArray(i.Attesters.Select(a => (JsonNode)a).ToArray()), ["liquidations"] = i.Liquidations,
                ["liquidatedUsd"] = Math.Round(i.LiquidatedUsd, 2), ["insuranceDrawnUsd"] = Math.Round(i.InsuranceDrawnUsd, 6),
                ["events"] = new JsonArray(i.Events.Select(e => (JsonNode)new JsonObject { ["seq"] = e.Seq, ["time"] = e.Time, ["kind"] = e.Kind, ["hash"] = e.Hash, ["text"] = Describe(e) }).ToArray()),
            });
        return new JsonObject { ["node"] = _node, ["events"] = _events, ["logHeadHash"] = _logHead, ["stateHash"] = _stateHash, ["incidents"] = arr }
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The report as one self-contained HTML page: the Markdown's tables and, per incident, its market's index and mark around it.</summary>
    public string Html()
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        sb.Append($"<title>Breakwater post-mortem</title><style>{HtmlReport.Asset("theme.css")}</style></head><body>");
        sb.Append($"<header><h1>Post-mortem <span>{WebUtility.HtmlEncode(_node)}</span></h1><p class=\"meta\">{_events:N0} events · log head {_logHead} · state root {_stateHash}</p></header>");
        var charts = new JsonArray();
        foreach (var i in _incidents)
        {
            sb.Append($"<section><h2>Incident #{i.Id} · {WebUtility.HtmlEncode(i.Symbol)} · {WebUtility.HtmlEncode(i.Trigger)}</h2>");
            sb.Append($"<p class=\"meta\">onset {Iso(i.Onset)} · time to detect {Span(i.DetectedAt - i.Onset)} · time to contain {Span(i.ContainedAt - i.Onset)} · highest level {i.MaxLevel} · {i.Attesters.Count} attesters · {i.Liquidations:N0} liquidations</p>");
            sb.Append($"<div class=\"chart\"><canvas id=\"c{i.Id}\"></canvas></div><table><thead><tr><th>time</th><th>seq</th><th>event</th><th>hash</th></tr></thead><tbody>");
            foreach (var e in i.Events)
                sb.Append($"<tr><td>{Iso(e.Time)}</td><td>{e.Seq}</td><td>{WebUtility.HtmlEncode(Describe(e))}</td><td><code>{e.Hash}</code></td></tr>");
            sb.Append("</tbody></table></section>");
            var pts = (_prices.GetValueOrDefault(i.Market) ?? []).Where(p => p.T >= i.OpenedAt - Lookback && p.T <= (i.ClosedAt ?? _lastTime) + Lookback).ToList();
            var step = Math.Max(1, pts.Count / 1_500);
            var sampled = pts.Where((_, k) => k % step == 0).ToList();
            charts.Add(new JsonObject
            {
                ["id"] = $"c{i.Id}", ["t"] = new JsonArray(sampled.Select(p => (JsonNode)p.T).ToArray()),
                ["index"] = new JsonArray(sampled.Select(p => (JsonNode)p.Index).ToArray()), ["mark"] = new JsonArray(sampled.Select(p => (JsonNode)p.Mark).ToArray()),
            });
        }
        if (_incidents.Count == 0) sb.Append("<p>No incident was opened in this log.</p>");
        sb.Append("<script>").Append(HtmlReport.Asset("chart.umd.js")).Append("</script>");
        sb.Append("<script>").Append(HtmlReport.Asset("charts.js")).Append("</script>");
        sb.Append("<script>const CHARTS = ").Append(charts.ToJsonString().Replace("</", "<\\/")).Append(';');
        sb.Append("""
            for (const c of CHARTS) BW.line(document.getElementById(c.id), c.t.map(BW.fmtTime),
              [{ label: 'index', data: c.index, borderColor: '#8b949e', borderWidth: 1 }, { label: 'mark', data: c.mark, borderColor: '#58a6ff', borderWidth: 1.5 }]);
            """);
        sb.Append("</script></body></html>");
        return sb.ToString();
    }
}
