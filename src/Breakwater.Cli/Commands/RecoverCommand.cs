using System.CommandLine;
using System.Globalization;
using Breakwater.Lab.Reports;
using Breakwater.Ledger;
using Breakwater.Protocol.Numerics;
using Spectre.Console;

namespace Breakwater.Cli.Commands;

/// <summary>
/// <c>breakwater recover --db LOG --from H --exclude TX,… --out NEW.db</c>: recovery by rollback (<see cref="Rollback"/>).
/// Writes the new log and <c>NEW.recovery.json</c> (every account that differs, before and after, in USD), prints the
/// diff, exits 0; bad arguments or a source that does not replay exit 2 with the reason.
/// </summary>
public static class RecoverCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The event log to recover from (read only).", Required = true };
        var from = new Option<long>("--from") { Description = "H: the last height kept as it was (the state before the exploit).", Required = true };
        var exclude = new Option<string>("--exclude") { Description = "Heights to leave out, comma-separated (the exploit's transactions; each above H).", Required = true };
        var output = new Option<string>("--out") { Description = "The recovered log to write (replaced if it exists).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON instead of a table." };
        var cmd = new Command("recover", "Recovery by rollback: re-apply every transaction after height H except the excluded ones into a new verifiable log, and list every account whose balance or position changes (the diff a DAO votes on).") { db, from, exclude, output, json };
        cmd.SetAction(p =>
        {
            try
            {
                var heights = ParseHeights(p.GetValue(exclude)!);
                var outPath = p.GetValue(output)!;
                var r = Rollback.Run(p.GetValue(db)!, p.GetValue(from), heights, outPath, Breakwater.Crypto.EthereumVerifier.Instance);
                var reportPath = r.SaveReport(outPath);
                if (p.GetValue(json)) Console.WriteLine(r.ToJson());
                else Print(r, outPath, reportPath);
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or FormatException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return cmd;
    }

    internal static List<long> ParseHeights(string text)
    {
        var list = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            list.Add(long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h > 0 ? h
                : throw new FormatException($"--exclude: '{part}' is not a positive height"));
        return list.Count > 0 ? list : throw new FormatException("--exclude names no height");
    }

    private static double D(Usd u) => u.Micros / (double)Usd.Scale;

    private static void Print(RollbackResult r, string outPath, string reportPath)
    {
        Console.WriteLine($"kept heights 1..{r.From} (state {r.StateAtFrom[..16]}…), left out {string.Join(", ", r.Excluded)}, re-applied {r.Reapplied}, dropped {r.Dropped.Count}");
        foreach (var (h, why) in r.Dropped) Console.WriteLine($"  dropped height {h}: {why}");
        var t = new Table().Title($"{r.Accounts.Count} accounts differ");
        foreach (var h in new[] { "account", "collateral before", "collateral after", "equity before", "equity after", "change", "net deposits before", "net deposits after" }) t.AddColumn(h);
        foreach (var a in r.Accounts)
            t.AddRow(a.Account.ToString(CultureInfo.InvariantCulture), ReportWriter.Usd(D(a.CollateralBefore)), ReportWriter.Usd(D(a.CollateralAfter)),
                ReportWriter.Usd(D(a.EquityBefore)), ReportWriter.Usd(D(a.EquityAfter)), ReportWriter.Usd(D(a.EquityAfter - a.EquityBefore)),
                ReportWriter.Usd(D(a.NetDepositsBefore)), ReportWriter.Usd(D(a.NetDepositsAfter)));
        AnsiConsole.Write(t);
        Console.WriteLine($"insurance fund {ReportWriter.Usd(D(r.InsuranceFundBefore))} → {ReportWriter.Usd(D(r.InsuranceFundAfter))}");
        Console.WriteLine($"wrote {outPath} (head {r.RecoveredHead[..16]}…; check it with breakwater verify) and {reportPath}");
    }
}
