using System.Globalization;
using System.Text;

namespace Breakwater.Testing;

/// <summary>
/// Writes a deterministic synthetic crash in the OHLCV format of ../shared/data: a flat day around $100, then a
/// fall to $40 over six hours and a flat tail; constant volume. Plus a scenario file pointing at it.
/// </summary>
public sealed class SyntheticData : IDisposable
{
    public const long Start = 1_700_086_400; // 2023-11-15T22:13:20Z, the window start; data begins a day earlier
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "bw-test-" + Guid.NewGuid().ToString("N"));
    public string Csv => Path.Combine(Dir, "crash.csv");
    public string ScenarioFile => Path.Combine(Dir, "crash.json");

    /// <param name="accounts">Population size.</param>
    /// <param name="injections">The scenario's injections, JSON.</param>
    /// <param name="days">Days of data: the flat day before the window, then the crash day, then flat days at $40.</param>
    /// <param name="extra">More scenario members, JSON (e.g. <c>"settlement": {…},</c>), with a trailing comma.</param>
    public SyntheticData(int accounts = 300, string injections = "[]", int days = 2, string extra = "")
    {
        Directory.CreateDirectory(Dir);
        var sb = new StringBuilder("timestamp,unix_s,venue,symbol,open,high,low,close,volume,quote_volume,trades\n");
        var price = 100.0;
        var t0 = Start - 86_400;
        for (var i = 0; i < days * 1440; i++)
        {
            var t = t0 + i * 60L;
            var open = price;
            var minute = i - 1440;
            var drift = minute is >= 60 and < 420 ? Math.Pow(0.4, 1.0 / 360) : 1.0;
            var wiggle = 1 + 0.001 * Math.Sin(i * 0.7);
            price = Math.Round(price * drift * wiggle, 4);
            var high = Math.Max(open, price) * 1.001;
            var low = Math.Min(open, price) * 0.999;
            sb.Append(CultureInfo.InvariantCulture, $"{DateTimeOffset.FromUnixTimeSeconds(t):yyyy-MM-ddTHH:mm:ssZ},{t},test,CRASHUSD,{open:F4},{high:F4},{low:F4},{price:F4},1000,{1000 * price:F2},10\n");
        }
        File.WriteAllText(Csv, sb.ToString());
        var start = DateTimeOffset.FromUnixTimeSeconds(Start).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var end = DateTimeOffset.FromUnixTimeSeconds(Start + (days - 1) * 86_400L - 400).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        File.WriteAllText(ScenarioFile, $$"""
            { "name": "synthetic-crash", "start": "{{start}}", "end": "{{end}}",
              "markets": [ { "symbol": "CRASH-USD", "sources": [ { "file": "crash.csv" } ] } ],
              "population": { "accounts": {{accounts}}, "seed": 7 }, "insuranceFundUsd": 20000, {{extra}}
              "injections": {{injections}} }
            """);
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}
