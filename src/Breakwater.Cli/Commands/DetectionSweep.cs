using System.Text;
using System.Text.Json;
using Breakwater.Lab.Reports;
using Breakwater.Watch;
using Breakwater.Watch.Detectors;

namespace Breakwater.Cli.Commands;

/// <summary>
/// <c>detect-eval --sweep</c>: each detector's main threshold varied over <see cref="DetectorConfig.MainThresholds"/>
/// (the others at their configured values), the suite scored at every value, and an offline page that shows
/// precision against recall per detector with the configured point marked, plus every case's findings on a time line
/// against its labelled windows. A person tunes by looking at it.
/// </summary>
internal static class DetectionSweep
{
    /// <summary>Runs the sweep and writes detect-eval.html and detect-eval.json into <paramref name="dir"/>; returns the page's path.</summary>
    public static string Write(IReadOnlyList<LabelledCase> cases, DetectorConfig config, string dir)
    {
        Directory.CreateDirectory(dir);
        var curves = new List<object>();
        foreach (var (detector, section, property, values) in DetectorConfig.MainThresholds)
        {
            var chosen = config.Get(section, property);
            var points = values.Append(chosen).Distinct().Order().Select(v =>
            {
                var s = DetectionBenchmark.Evaluate(cases, config.With(section, property, v).Create, 900).Single(x => x.Detector == detector);
                return new { threshold = v, precision = s.Precision, recall = s.Detected + s.Missed == 0 ? (double?)null : s.Recall, truePositives = s.TruePositives, falsePositives = s.FalsePositives, chosen = v == chosen };
            }).ToList();
            curves.Add(new { detector, property = $"{section}.{property}", chosen, points });
        }
        var timelines = cases.Select(c =>
        {
            var set = config.Create();
            var findings = new List<object>();
            var t0 = c.Events.Count > 0 ? c.Events[0].Time : 0;
            foreach (var (time, e) in c.Events)
                foreach (var d in set)
                    foreach (var f in d.Observe(time, e)) findings.Add(new { detector = f.Detector, hours = (time - t0) / 3600.0 });
            return new
            {
                name = c.Name, hours = c.DurationSeconds / 3600.0,
                labels = c.Incidents.Select(l => new { from = (l.Start - t0) / 3600.0, to = (l.End - t0) / 3600.0, @class = l.Class }).ToList(),
                findings,
            };
        }).ToList();
        var json = JsonSerializer.Serialize(new { curves, timelines, detectors = config.Create().Select(d => d.Name).ToList() });
        File.WriteAllText(Path.Combine(dir, "detect-eval.json"), json);
        var page = Path.Combine(dir, "detect-eval.html");
        File.WriteAllText(page, Render(json));
        return page;
    }

    private static string Render(string json)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        sb.Append($"<title>Breakwater detection sweep</title><style>{HtmlReport.Asset("theme.css")}</style></head><body>");
        sb.Append("<header><h1>Breakwater detection sweep</h1><p>Each detector's main threshold varied over the built-in suite: precision (of everything it reports) against recall (over the incidents of its own classes). The large red point is the configured threshold. Below, every case's findings over time against its labelled windows (red bar).</p></header>");
        sb.Append("<main><section><h2>Precision and recall per threshold</h2><div class=\"grid\" id=\"curves\"></div></section><section><h2>Findings against labelled windows</h2><div id=\"timelines\"></div></section></main>");
        sb.Append("<script>").Append(HtmlReport.Asset("chart.umd.js")).Append("</script>");
        sb.Append("<script>const SWEEP = ").Append(json.Replace("</", "<\\/")).Append(";</script>");
        sb.Append("<script>").Append(Script).Append("</script></body></html>");
        return sb.ToString();
    }

    private const string Script = """
        Chart.defaults.color = '#c9d1d9'; Chart.defaults.borderColor = '#30363d';
        for (const c of SWEEP.curves) {
          const div = document.createElement('div'); div.className = 'chart';
          div.innerHTML = `<h3>${c.detector} <small>${c.property} = ${c.chosen}</small></h3><canvas></canvas>`;
          document.getElementById('curves').appendChild(div);
          const pts = c.points.filter(p => p.recall !== null);
          new Chart(div.querySelector('canvas'), { type: 'scatter', data: { datasets: [{
              label: c.detector, showLine: true, borderColor: '#58a6ff',
              data: pts.map(p => ({ x: p.recall, y: p.precision, t: p.threshold })),
              pointRadius: pts.map(p => p.chosen ? 8 : 4), pointBackgroundColor: pts.map(p => p.chosen ? '#f85149' : '#58a6ff') }] },
            options: { animation: false, scales: { x: { min: 0, max: 1.05, title: { display: true, text: 'recall (own classes)' } }, y: { min: 0, max: 1.05, title: { display: true, text: 'precision' } } },
              plugins: { tooltip: { callbacks: { label: ctx => `${c.property} ${ctx.raw.t}: recall ${(ctx.raw.x * 100).toFixed(0)} %, precision ${(ctx.raw.y * 100).toFixed(0)} %` } } } } });
          if (pts.length === 0) div.insertAdjacentHTML('beforeend', '<p class="meta">no labelled incident of its classes in the suite</p>');
        }
        const names = SWEEP.detectors, colors = ['#58a6ff', '#3fb950', '#d29922', '#bc8cff', '#f778ba', '#79c0ff', '#ffa657', '#a5d6ff'];
        for (const t of SWEEP.timelines) {
          const div = document.createElement('div'); div.className = 'chart';
          div.innerHTML = `<h3>${t.name}</h3><canvas height="70"></canvas>`;
          document.getElementById('timelines').appendChild(div);
          const sets = t.labels.map(l => ({ label: `${l.class} (labelled)`, showLine: true, borderColor: '#f85149', borderWidth: 6, pointRadius: 0, data: [{ x: l.from, y: -1 }, { x: l.to, y: -1 }] }));
          names.forEach((n, i) => { const d = t.findings.filter(f => f.detector === n); if (d.length) sets.push({ label: n, pointRadius: 4, backgroundColor: colors[i % colors.length], data: d.map(f => ({ x: f.hours, y: i })) }); });
          new Chart(div.querySelector('canvas'), { type: 'scatter', data: { datasets: sets },
            options: { animation: false, scales: { x: { min: 0, max: t.hours, title: { display: true, text: 'hours since the case starts' } },
              y: { min: -1.5, max: names.length - 0.5, afterBuildTicks: axis => { axis.ticks = [-1, ...names.map((_, i) => i)].map(v => ({ value: v })); },
                ticks: { callback: v => v < 0 ? 'labelled' : names[v] || '' } } } } });
        }
        """;
}
