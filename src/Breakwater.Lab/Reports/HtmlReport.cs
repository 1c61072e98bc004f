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
    /// <summary>Chart.js, as embedded from web/node_modules at build time.</summary>
    public static string ChartJs()
    {
        using var s = typeof(HtmlReport).Assembly.GetManifestResourceStream("chart.umd.js")
            ?? throw new InvalidOperationException("chart.umd.js is not embedded: run `npm ci` in web/ and rebuild");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>Renders the page.</summary>
    public static string Render(ReplayReport report, string json)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        sb.Append($"<title>Breakwater replay: {WebUtility.HtmlEncode(report.Scenario)}</title><style>{Css}</style></head><body>");
        sb.Append($"<header><h1>Breakwater replay <span>{WebUtility.HtmlEncode(report.Scenario)}</span></h1><p>{WebUtility.HtmlEncode(report.Description)}</p>");
        sb.Append($"<p class=\"meta\">{report.Start} → {report.End} · {report.Accounts:N0} accounts · seed {report.Seed}</p></header>");
        sb.Append("<table><thead><tr>");
        foreach (var h in ReportWriter.SummaryHeaders) sb.Append($"<th>{h}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in ReportWriter.SummaryRows(report))
            sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>"))).Append("</tr>");
        sb.Append("</tbody></table><main id=\"panels\"></main>");
        sb.Append("<script>").Append(ChartJs()).Append("</script>");
        sb.Append("<script>const REPORT = ").Append(json.Replace("</", "<\\/")).Append(";</script>");
        sb.Append("<script>").Append(Script).Append("</script></body></html>");
        return sb.ToString();
    }

    private const string Css = """
        :root{color-scheme:dark;--bg:#0d1117;--panel:#161b22;--text:#e6edf3;--muted:#8b949e;--accent:#58a6ff;--bad:#f85149;--warn:#d29922}
        body{margin:0;padding:16px;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,sans-serif}
        h1{font-size:20px;margin:0 0 4px}h1 span{color:var(--accent)}h2{font-size:16px;margin:8px 0}
        .meta{color:var(--muted)}table{border-collapse:collapse;width:100%;overflow-x:auto;display:block;margin:12px 0}
        th,td{padding:4px 8px;border-bottom:1px solid #30363d;text-align:right;white-space:nowrap}th:first-child,td:first-child{text-align:left}
        section{background:var(--panel);border-radius:8px;padding:12px;margin:12px 0}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px}
        .grid>div{position:relative;height:260px}
        @media (max-width:520px){.grid{grid-template-columns:1fr}}
        details{margin-top:8px}li{color:var(--muted)}
        """;

    private const string Script = """
        const palette=['#58a6ff','#3fb950','#d29922','#bc8cff','#f778ba'];
        const fmtT=t=>new Date(t*1000).toISOString().slice(5,16).replace('T',' ');
        function chart(el,labels,datasets,opts={}){return new Chart(el,{type:'line',data:{labels,datasets},options:Object.assign({animation:false,responsive:true,maintainAspectRatio:false,
          elements:{point:{radius:0}},interaction:{mode:'index',intersect:false},plugins:{legend:{labels:{color:'#e6edf3'}}},
          scales:{x:{ticks:{color:'#8b949e',maxTicksLimit:8}},y:{ticks:{color:'#8b949e'},type:opts.log?'logarithmic':'linear'}}},opts.extra||{})});}
        for(const p of REPORT.policies){
          const sec=document.createElement('section');
          sec.innerHTML=`<h2>${p.name}</h2><div class="grid"><div><canvas></canvas></div><div><canvas></canvas></div><div><canvas></canvas></div><div><canvas></canvas></div></div>`;
          document.getElementById('panels').appendChild(sec);
          const cv=sec.querySelectorAll('canvas'),s=p.series,labels=s.map(x=>fmtT(x.t));
          const prices=REPORT.sourceLabels.map((l,i)=>({label:l,data:s.map(x=>x.sources[i]||null),borderColor:palette[i%5],borderWidth:1}));
          prices.push({label:'mark',data:s.map(x=>x.mark),borderColor:'#e6edf3',borderWidth:1.5});
          if(s.some(x=>x.bandHigh>0)){prices.push({label:'band high',data:s.map(x=>x.bandHigh||null),borderColor:'#6e7681',borderDash:[4,4],borderWidth:1});
            prices.push({label:'band low',data:s.map(x=>x.bandLow||null),borderColor:'#6e7681',borderDash:[4,4],borderWidth:1});}
          const lo=Math.min(...s.map(x=>x.mark).filter(v=>v>0)),hi=Math.max(...s.map(x=>x.mark));
          chart(cv[0],labels,prices,{log:hi/lo>20});
          chart(cv[1],labels,[{label:'ladder level',data:s.map(x=>x.level),borderColor:'#f85149',stepped:true,borderWidth:1.5},
            {label:'halted',data:s.map(x=>x.status==='Halted'?4:x.status==='ReduceOnly'?2:0),borderColor:'#d29922',stepped:true,borderWidth:1,fill:true,backgroundColor:'rgba(210,153,34,.15)'}]);
          chart(cv[2],labels,[{label:'insurance fund (USD)',data:s.map(x=>x.insuranceFund),borderColor:'#3fb950',borderWidth:1.5}]);
          chart(cv[3],labels,[{label:'liquidated (cum. USD)',data:s.map(x=>x.liquidated),borderColor:'#bc8cff',borderWidth:1.5},
            {label:'ADL (cum. USD)',data:s.map(x=>x.adl),borderColor:'#f778ba',borderWidth:1.5}]);
          const d=document.createElement('details');
          d.innerHTML=`<summary>${p.incidents.length} incidents</summary><ul>`+p.incidents.slice(0,300).map(i=>`<li>#${i.id} ${i.market} ${i.trigger} L${i.level} ${i.openedAt} → ${i.closedAt||'open'}</li>`).join('')+'</ul>';
          sec.appendChild(d);
        }
        """;
}
