using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Breakwater.Lab.Reports;

/// <summary>Writes report.json, report.md and report.html (self-contained, chart library inlined).</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly JsonSerializerOptions Compact = new(Json) { WriteIndented = false };

    /// <summary>Writes all three files into <paramref name="dir"/> (created if needed).</summary>
    public static void WriteAll(ReplayReport report, string dir)
    {
        Directory.CreateDirectory(dir);
        WriteAtomically(Path.Combine(dir, "report.json"), ToJson(report));
        WriteAtomically(Path.Combine(dir, "report.md"), ToMarkdown(report));
        WriteAtomically(Path.Combine(dir, "report.html"), HtmlReport.Render(report, ToJson(report, indented: false)));
    }

    /// <summary>The JSON text.</summary>
    public static string ToJson(ReplayReport report, bool indented = true)
        => JsonSerializer.Serialize(report, indented ? Json : Compact);

    private static void WriteAtomically(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>The summary table rows: one per policy.</summary>
    public static IEnumerable<string[]> SummaryRows(ReplayReport r) => r.Policies.Select(p => new[]
    {
        p.Name, Usd(p.BadDebtUsd), Usd(p.InsuranceFundEndUsd + p.VaultUsd - p.InsuranceFundStartUsd), Usd(p.SocializedLossUsd), Usd(p.BackstopPnlUsd),
        p.AdlCount.ToString(CultureInfo.InvariantCulture), Usd(p.AdlNotionalUsd), Usd(p.AdlMinimalNotionalUsd),
        p.LiquidationCount.ToString(CultureInfo.InvariantCulture), Usd(p.LiquidatedNotionalUsd),
        p.HaltCount.ToString(CultureInfo.InvariantCulture), Duration(p.HaltSeconds), Duration(p.ReduceOnlySeconds), Duration(p.CannotReduceSeconds),
        Usd(p.InsuranceDrawdownUsd), Usd(p.FundingPaidUsd), $"{p.ContestedLiquidationCount.ToString(CultureInfo.InvariantCulture)} / {Usd(p.ContestedLiquidatedNotionalUsd)}",
        p.Incidents.Count.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>The harm table rows (scenarios with injections): one per policy.</summary>
    public static IEnumerable<string[]> HarmRows(ReplayReport r) => r.Policies.Where(p => p.Harm is not null).Select(p => new[]
    {
        p.Name, p.Harm!.LiquidationCount.ToString(CultureInfo.InvariantCulture), Usd(p.Harm.LiquidatedNotionalUsd), Usd(p.Harm.BadDebtUsd),
        Usd(p.Harm.InsuranceDrawdownUsd), Usd(p.Harm.AdlNotionalUsd),
    });

    /// <summary>Harm table headers.</summary>
    public static readonly string[] HarmHeaders = ["policy", "extra liquidations", "extra liquidated", "extra bad debt", "extra IF drawdown", "extra ADL"];

    /// <summary>Summary table headers.</summary>
    public static readonly string[] SummaryHeaders =
        ["policy", "bad debt", "insurance fund + vault Δ", "socialized", "backstop PnL", "ADL fills", "ADL notional", "ADL minimal", "liquidations", "liquidated", "halts", "halted", "reduce-only", "cannot reduce", "IF drawdown", "funding paid", "contested liq.", "incidents"];

    /// <summary>Dollars with thousands separators.</summary>
    public static string Usd(double v) => (v < 0 ? "-$" : "$") + Math.Abs(v).ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Seconds as "1h 05m".</summary>
    public static string Duration(long s) => s == 0 ? "0" : s < 3600 ? $"{s / 60}m {s % 60:00}s" : $"{s / 3600}h {s % 3600 / 60:00}m";

    /// <summary>The Markdown text.</summary>
    public static string ToMarkdown(ReplayReport r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Breakwater replay: {r.Scenario}").AppendLine();
        sb.AppendLine(r.Description).AppendLine();
        sb.AppendLine($"Window {r.Start} → {r.End}; {r.Accounts:N0} accounts, seed {r.Seed}.").AppendLine();
        sb.AppendLine("| " + string.Join(" | ", SummaryHeaders) + " |");
        sb.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", SummaryHeaders.Length)));
        foreach (var row in SummaryRows(r)) sb.AppendLine("| " + string.Join(" | ", row) + " |");
        sb.AppendLine();
        if (r.Policies.Any(p => p.Harm is not null))
        {
            sb.AppendLine("Harm caused by the injections (this run minus the same population replayed without them):").AppendLine();
            sb.AppendLine("| " + string.Join(" | ", HarmHeaders) + " |");
            sb.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", HarmHeaders.Length)));
            foreach (var row in HarmRows(r)) sb.AppendLine("| " + string.Join(" | ", row) + " |");
            sb.AppendLine();
        }
        foreach (var p in r.Policies)
        {
            sb.AppendLine($"## {p.Name}").AppendLine();
            sb.AppendLine($"- log head `{p.LogHeadHash}`, state `{p.FinalStateHash}`, {p.Events:N0} events, {p.RejectedTransactions:N0} refused transactions ({p.UnauthorizedRejected:N0} governance messages by unregistered keys)");
            sb.AppendLine($"- event log: `{Path.GetFileName(p.EventLog)}` (check it with `breakwater verify`)");
            if (p.Funding.Count > 0)
                sb.AppendLine(CultureInfo.InvariantCulture, $"- funding: {p.Funding.Count:N0} settlements, {Usd(p.FundingPaidUsd)} paid; rate per interval from {p.Funding.Min(f => f.Rate) * 100:0.#####} % to {p.Funding.Max(f => f.Rate) * 100:0.#####} %");
            if (p.Settlement is { } st)
                sb.AppendLine(CultureInfo.InvariantCulture, $"- final settlement: {st.Market} closed at ${st.PriceUsd:0.########} on {st.At}, {st.Positions:N0} positions");
            if (p.MigratedAt is not null) sb.AppendLine($"- liquidity migrated to the timelocked vault at {p.MigratedAt}; vault at the end {Usd(p.VaultUsd)}");
            if (p.FlashLoanProfitUsd != 0) sb.AppendLine($"- flash-loan attackers took {Usd(p.FlashLoanProfitUsd)} beyond their loans");
            sb.AppendLine();
            if (p.Incidents.Count == 0) { sb.AppendLine("No incidents.").AppendLine(); continue; }
            sb.AppendLine("### Incident timeline").AppendLine();
            foreach (var i in p.Incidents.Take(200))
            {
                sb.AppendLine($"- **#{i.Id} {i.Market}** {i.Trigger}, level {i.Level}, opened {i.OpenedAt}, closed {i.ClosedAt ?? "(open at end)"}");
                foreach (var a in i.Actions.Take(12)) sb.AppendLine($"  - {a}");
                if (i.Actions.Count > 12) sb.AppendLine($"  - … {i.Actions.Count - 12} more");
            }
            if (p.Incidents.Count > 200) sb.AppendLine($"- … {p.Incidents.Count - 200} more incidents (see report.json)");
            sb.AppendLine();
        }
        sb.AppendLine("## Data files").AppendLine();
        foreach (var (f, h) in r.DataFiles) sb.AppendLine($"- `{Path.GetFileName(f)}` sha256 `{h}`");
        return sb.ToString();
    }
}
