using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Breakwater.Lab.Data;

/// <summary>
/// Downloads Binance's public spot kline archives (one zip per day, each with a published <c>.CHECKSUM</c>
/// holding its SHA-256) into a local cache, verifies every checksum, and joins the days into one headerless
/// kline CSV that <see cref="MarketDataReader"/> reads. Archive layout:
/// <c>{base}/data/spot/daily/klines/{SYMBOL}/{interval}/{SYMBOL}-{interval}-{yyyy-MM-dd}.zip</c>.
/// </summary>
public sealed class BinanceArchive(HttpClient http, string baseUrl, string cacheDir)
{
    /// <summary>The public archive.</summary>
    public const string DefaultBaseUrl = "https://data.binance.vision";

    /// <summary>Fetches [from, to] (inclusive days) and writes the joined CSV to <paramref name="output"/>.</summary>
    /// <param name="symbol">e.g. BTCUSDT.</param>
    /// <param name="interval">e.g. 1m.</param>
    /// <param name="from">First day.</param>
    /// <param name="to">Last day.</param>
    /// <param name="output">CSV to write (written to a temporary name, then moved: never half-written).</param>
    /// <param name="progress">Called with (day index, day count, file name).</param>
    /// <param name="cancel">Cancellation.</param>
    /// <exception cref="DataException">a day is missing, a checksum does not match, or the archive is unreachable.</exception>
    public async Task<int> FetchAsync(string symbol, string interval, DateOnly from, DateOnly to, string output, Action<int, int, string>? progress, CancellationToken cancel)
    {
        if (to < from) throw new DataException(output, 0, $"--to {to:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}");
        if (!symbol.All(char.IsAsciiLetterOrDigit)) throw new DataException(output, 0, $"'{symbol}' is not a Binance symbol");
        Directory.CreateDirectory(cacheDir);
        var days = to.DayNumber - from.DayNumber + 1;
        var tmp = output + ".part";
        await using (var joined = new StreamWriter(tmp))
        {
            for (var i = 0; i < days; i++)
            {
                var day = from.AddDays(i);
                var name = $"{symbol}-{interval}-{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.zip";
                progress?.Invoke(i, days, name);
                var zip = await CachedAsync(symbol, interval, name, cancel);
                using var archive = ZipFile.OpenRead(zip);
                foreach (var entry in archive.Entries.Where(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
                {
                    using var r = new StreamReader(entry.Open());
                    while (await r.ReadLineAsync(cancel) is { } line)
                        if (line.Length > 0 && char.IsDigit(line[0])) await joined.WriteLineAsync(line);
                }
            }
            progress?.Invoke(days, days, "done");
        }
        File.Move(tmp, output, overwrite: true);
        return days;
    }

    private async Task<string> CachedAsync(string symbol, string interval, string name, CancellationToken cancel)
    {
        var local = Path.Combine(cacheDir, name);
        var url = $"{baseUrl.TrimEnd('/')}/data/spot/daily/klines/{symbol}/{interval}/{name}";
        var expected = await ChecksumAsync(url + ".CHECKSUM", name, cancel);
        if (File.Exists(local) && Sha256(local) == expected) return local;
        var part = local + ".part";
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel);
            if (!response.IsSuccessStatusCode) throw new DataException(url, 0, $"HTTP {(int)response.StatusCode}: no archive for this day");
            await using (var f = File.Create(part)) await response.Content.CopyToAsync(f, cancel);
        }
        catch (HttpRequestException e)
        {
            throw new DataException(url, 0, $"cannot download ({e.Message}); is this machine offline?");
        }
        var actual = Sha256(part);
        if (actual != expected)
        {
            File.Delete(part);
            throw new DataException(url, 0, $"checksum mismatch: published {expected}, downloaded {actual}");
        }
        File.Move(part, local, overwrite: true);
        return local;
    }

    private async Task<string> ChecksumAsync(string url, string name, CancellationToken cancel)
    {
        string text;
        try
        {
            using var response = await http.GetAsync(url, cancel);
            if (!response.IsSuccessStatusCode) throw new DataException(url, 0, $"HTTP {(int)response.StatusCode}: no published checksum");
            text = await response.Content.ReadAsStringAsync(cancel);
        }
        catch (HttpRequestException e)
        {
            throw new DataException(url, 0, $"cannot reach the archive ({e.Message}); is this machine offline?");
        }
        var parts = text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[1] != name || parts[0].Length != 64) throw new DataException(url, 1, $"not a checksum line for {name}: '{text.Trim()}'");
        return parts[0].ToLowerInvariant();
    }

    private static string Sha256(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(f));
    }
}
