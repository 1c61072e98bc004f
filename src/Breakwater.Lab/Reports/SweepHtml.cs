using System.Globalization;
using System.Net;
using System.Text;
using Breakwater.Lab.Replay;

namespace Breakwater.Lab.Reports;

/// <summary>The offline sweep page: loss against disruption for every point (Chart.js scatter, frontier joined), and a table linking each point's reports.</summary>
public static class SweepHtml
{
    /// <summary>Renders the page; <paramref name="json"/> is sweep.json, inlined.</summary>
    public static string Render(string scenario, string basePolicy, IReadOnlyList<int> seeds, IReadOnlyList<SweepPoint> points, string json)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        sb.Append($"<title>Breakwater sweep: {WebUtility.HtmlEncode(scenario)}</title><style>{HtmlReport.Asset("theme.css")} .frontier td{{color:#3fb950}}</style></head><body>");
        sb.Append($"<header><h1>Parameter sweep <span>{WebUtility.HtmlEncode(scenario)}</span></h1>");
        sb.Append($"<p class=\"meta\">{points.Count} points on {WebUtility.HtmlEncode(basePolicy)} · seeds {string.Join(", ", seeds)} · loss = bad debt + insurance-fund drawdown + socialized loss (mean over seeds) · disruption = halted + unable-to-reduce time · green: the Pareto frontier</p></header>");
        sb.Append("<section><div class=\"chart\" style=\"height:480px\"><canvas id=\"pareto\"></canvas></div></section>");
        sb.Append("<section class=\"scroll\"><table><thead><tr><th>point</th><th>parameters</th><th>loss (USD)</th><th>disruption (h)</th><th>bad debt</th><th>IF drawdown</th><th>halted (h)</th><th>cannot reduce (h)</th><th>reduce-only (h)</th><th>reports</th></tr></thead><tbody>");
        foreach (var p in points.OrderBy(p => p.LossUsd))
        {
            var pars = string.Join(", ", p.Params.Select(kv => $"{kv.Key}={kv.Value.GetRawText()}"));
            var links = string.Join(" ", p.Reports.Select((r, i) => $"<a href=\"{WebUtility.HtmlEncode(r)}\">seed {seeds[i]}</a>"));
            sb.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(p.Pareto ? "frontier" : "")}\"><td>{p.Name}</td><td>{WebUtility.HtmlEncode(pars)}</td><td>{p.LossUsd:N0}</td><td>{p.DisruptionSeconds / 3600:N2}</td><td>{p.BadDebtUsd:N0}</td><td>{p.InsuranceDrawdownUsd:N0}</td><td>{p.HaltSeconds / 3600:N2}</td><td>{p.CannotReduceSeconds / 3600:N2}</td><td>{p.ReduceOnlySeconds / 3600:N2}</td><td>{links}</td></tr>");
        }
        sb.Append("</tbody></table></section>");
        sb.Append("<script>").Append(HtmlReport.Asset("chart.umd.js")).Append("</script>");
        sb.Append("<script>const SWEEP = ").Append(json.Replace("</", "<\\/")).Append(';');
        sb.Append("""
            const pt = p => ({ x: p.disruptionSeconds / 3600, y: p.lossUsd, name: p.name, params: p.params, report: p.reports[0] });
            const all = SWEEP.points.map(pt), front = SWEEP.points.filter(p => p.pareto).map(pt).sort((a, b) => a.x - b.x);
            const chart = new Chart(document.getElementById('pareto'), {
              type: 'scatter',
              data: { datasets: [
                { label: 'Pareto frontier', data: front, showLine: true, borderColor: '#3fb950', backgroundColor: '#3fb950', pointRadius: 6 },
                { label: 'points', data: all, borderColor: '#58a6ff', backgroundColor: 'rgba(88,166,255,.5)', pointRadius: 4 } ] },
              options: { animation: false, maintainAspectRatio: false,
                plugins: { legend: { labels: { color: '#c9d1d9' } }, tooltip: { callbacks: { label: c => `${c.raw.name}: ${JSON.stringify(c.raw.params)} · loss $${Math.round(c.raw.y).toLocaleString()} · ${c.raw.x.toFixed(2)} h` } } },
                scales: { x: { title: { display: true, text: 'disruption: halted + cannot reduce (hours)', color: '#8b949e' }, ticks: { color: '#8b949e' } },
                          y: { title: { display: true, text: 'loss: bad debt + IF drawdown + socialized (USD)', color: '#8b949e' }, ticks: { color: '#8b949e' } } },
                onClick: (e, els) => { if (els.length) location.href = chart.data.datasets[els[0].datasetIndex].data[els[0].index].report; } } });
            """);
        sb.Append("</script></body></html>");
        return sb.ToString();
    }
}
