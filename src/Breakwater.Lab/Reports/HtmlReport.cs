using System.Net;
using System.Text;

namespace Breakwater.Lab.Reports;

/// <summary>
/// The self-contained HTML report: Chart.js (from npm, embedded at build time) and the report data inlined,
/// one panel of charts per policy — prices per source with the band, level, insurance fund, liquidations and ADL.
/// Dark by default.
/// </summary>
public static class HtmlReport
{
    /// <summary>A web asset embedded at build time: chart.umd.js (Chart.js from npm), charts.js and theme.css (shared with the dashboard).</summary>
    public static string Asset(string name)
    {
        using var s = typeof(HtmlReport).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded: run `npm ci` in web/ and rebuild");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>Renders the page.</summary>
    public static string Render(ReplayReport report, string json)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        sb.Append($"<title>Breakwater replay: {WebUtility.HtmlEncode(report.Scenario)}</title><style>{Asset("theme.css")}</style></head><body>");
        sb.Append($"<header><h1>Breakwater replay <span>{WebUtility.HtmlEncode(report.Scenario)}</span></h1><p>{WebUtility.HtmlEncode(report.Description)}</p>");
        sb.Append($"<p class=\"meta\">{report.Start} → {report.End} · {report.Accounts:N0} accounts · seed {report.Seed}</p></header>");
        sb.Append("<section class=\"scroll\"><table><thead><tr>");
        foreach (var h in ReportWriter.SummaryHeaders) sb.Append($"<th>{h}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in ReportWriter.SummaryRows(report))
            sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>"))).Append("</tr>");
        sb.Append("</tbody></table></section>");
        if (report.Policies.Any(p => p.Harm is not null))
        {
            sb.Append("<section class=\"scroll\"><h2>Harm caused by the injections</h2><p class=\"meta\">This run minus the same population replayed without the injections, per policy.</p><table><thead><tr>");
            foreach (var h in ReportWriter.HarmHeaders) sb.Append($"<th>{h}</th>");
            sb.Append("</tr></thead><tbody>");
            foreach (var row in ReportWriter.HarmRows(report))
                sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>"))).Append("</tr>");
            sb.Append("</tbody></table></section>");
        }
        sb.Append("<main id=\"panels\"></main>");
        sb.Append("<script>").Append(Asset("chart.umd.js")).Append("</script>");
        sb.Append("<script>").Append(Asset("charts.js")).Append("</script>");
        sb.Append("<script>const REPORT = ").Append(json.Replace("</", "<\\/")).Append(";</script>");
        sb.Append("<script>").Append(Script).Append("</script></body></html>");
        return sb.ToString();
    }

    private const string Script = """
        for (const p of REPORT.policies) {
          const sec = document.createElement('section');
          sec.innerHTML = `<h2>${p.name}</h2><div class="grid"><div class="chart"><canvas></canvas></div><div class="chart"><canvas></canvas></div><div class="chart"><canvas></canvas></div><div class="chart"><canvas></canvas></div></div>`;
          document.getElementById('panels').appendChild(sec);
          const cv = sec.querySelectorAll('canvas'), s = p.series, labels = s.map(x => BW.fmtTime(x.t));
          const sources = REPORT.sourceLabels.map((_, i) => s.map(x => x.sources[i] || null));
          const marks = s.map(x => x.mark).filter(v => v > 0);
          BW.line(cv[0], labels, BW.priceDatasets(REPORT.sourceLabels, sources, s.map(x => x.mark), s.map(x => x.bandLow), s.map(x => x.bandHigh)), { log: Math.max(...marks) / Math.min(...marks) > 20 });
          BW.line(cv[1], labels, [{ label: 'ladder level', data: s.map(x => x.level), borderColor: '#f85149', stepped: true, borderWidth: 1.5 },
            { label: 'halted (4) / reduce-only (2)', data: s.map(x => x.status === 'Halted' ? 4 : x.status === 'ReduceOnly' ? 2 : 0), borderColor: '#d29922', stepped: true, borderWidth: 1, fill: true, backgroundColor: 'rgba(210,153,34,.15)' }]);
          BW.line(cv[2], labels, [{ label: 'insurance fund (USD)', data: s.map(x => x.insuranceFund), borderColor: '#3fb950', borderWidth: 1.5 }]);
          BW.line(cv[3], labels, [{ label: 'liquidated (cum. USD)', data: s.map(x => x.liquidated), borderColor: '#bc8cff', borderWidth: 1.5 },
            { label: 'ADL (cum. USD)', data: s.map(x => x.adl), borderColor: '#f778ba', borderWidth: 1.5 }]);
          const d = document.createElement('details');
          d.innerHTML = `<summary>${p.incidents.length} incidents</summary><ul>` + p.incidents.slice(0, 300).map(i => `<li>#${i.id} ${i.market} ${i.trigger} L${i.level} ${i.openedAt} → ${i.closedAt || 'open'}</li>`).join('') + '</ul>';
          sec.appendChild(d);
        }
        """;

}
