using System.CommandLine;
using System.Globalization;
using Breakwater.Lab.Data;
using Spectre.Console;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater data fetch binance SYMBOL --from DATE --to DATE [--interval 1m]</c>.</summary>
public static class DataCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var symbol = new Argument<string>("symbol") { Description = "Binance spot symbol, e.g. BTCUSDT." };
        var from = new Option<string>("--from") { Description = "First day (yyyy-MM-dd, UTC).", Required = true };
        var to = new Option<string>("--to") { Description = "Last day (yyyy-MM-dd, UTC), inclusive.", Required = true };
        var interval = new Option<string>("--interval") { Description = "Kline interval.", DefaultValueFactory = _ => "1m" };
        var outDir = new Option<string>("--out") { Description = "Folder for the joined CSV (default ./data).", DefaultValueFactory = _ => "data" };
        var cache = new Option<string?>("--cache") { Description = "Download cache (default ~/.cache/breakwater/binance)." };
        var baseUrl = new Option<string>("--base-url") { Description = "Archive base URL.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BREAKWATER_BINANCE_URL") ?? BinanceArchive.DefaultBaseUrl };
        var binance = new Command("binance", "Download Binance public spot kline archives, verify their published SHA-256 checksums, and join them into one CSV.")
        {
            symbol, from, to, interval, outDir, cache, baseUrl,
        };
        binance.SetAction(p =>
        {
            try
            {
                var f = ParseDay(p.GetValue(from)!, "--from");
                var t = ParseDay(p.GetValue(to)!, "--to");
                var sym = p.GetValue(symbol)!.ToUpperInvariant();
                var iv = p.GetValue(interval)!;
                var dir = p.GetValue(outDir)!;
                Directory.CreateDirectory(dir);
                var output = Path.Combine(dir, $"binance_spot_{sym.ToLowerInvariant()}_{iv}_{f:yyyy-MM-dd}_{t:yyyy-MM-dd}.csv");
                var cacheDir = p.GetValue(cache) ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "breakwater", "binance");
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
                var archive = new BinanceArchive(http, p.GetValue(baseUrl)!, cacheDir);
                var days = 0;
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).Start(ctx =>
                {
                    var task = ctx.AddTask($"{sym} {iv}", maxValue: 1.0);
                    days = archive.FetchAsync(sym, iv, f, t, output, (i, n, _) => task.Value = i / (double)n, CancellationToken.None).GetAwaiter().GetResult();
                });
                Console.WriteLine($"{days} day(s) verified and joined into {output}");
                return ExitCodes.Ok;
            }
            catch (DataException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (Exception e) when (e is FormatException or IOException or TaskCanceledException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        var fetch = new Command("fetch", "Download market data for a user with internet access.");
        fetch.Subcommands.Add(binance);
        var cmd = new Command("data", "Market data.");
        cmd.Subcommands.Add(fetch);
        return cmd;
    }

    private static DateOnly ParseDay(string text, string option)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new FormatException($"{option} '{text}' is not a date (yyyy-MM-dd)");
}
