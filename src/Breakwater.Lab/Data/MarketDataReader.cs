using System.Globalization;
using Breakwater.Protocol.Numerics;
using CsvHelper;
using CsvHelper.Configuration;

namespace Breakwater.Lab.Data;

/// <summary>
/// Reads the three supported formats, detected from the first line:
/// OHLCV CSV with a header (<c>timestamp,unix_s,venue,symbol,open,high,low,close,volume[,quote_volume,trades]</c>, extra columns ignored),
/// Chainlink round files (<c>updated_at_unix_s … answer …</c>), and Binance's public kline CSV
/// (no header; open time in ms or µs, then open, high, low, close, volume, close time, quote volume, …).
/// Any bad row stops the load with file, line and reason.
/// </summary>
public static class MarketDataReader
{
    /// <summary>Loads one source.</summary>
    /// <param name="path">The file.</param>
    /// <param name="venue">For multi-series OHLCV files: keep rows of this venue (null = all).</param>
    /// <param name="symbol">For multi-series OHLCV files: keep rows of this symbol (null = all).</param>
    /// <param name="from">Keep reports at or after this time (unix s).</param>
    /// <param name="to">Keep reports at or before this time (unix s).</param>
    /// <exception cref="DataException">unreadable, malformed or inconsistent data, or no rows in range.</exception>
    public static SourceSeries Load(string path, string? venue, string? symbol, long from, long to)
    {
        if (!File.Exists(path)) throw new DataException(path, 0, "file not found");
        string first;
        using (var peek = new StreamReader(path)) first = peek.ReadLine() ?? "";
        if (first.Length == 0) throw new DataException(path, 1, "empty file");
        var label = $"{venue ?? Path.GetFileNameWithoutExtension(path)}{(symbol is null ? "" : " " + symbol)}";
        if (first.Contains("answer", StringComparison.OrdinalIgnoreCase)) return ReadChainlink(path, label, from, to);
        if (char.IsDigit(first[0])) return ReadBinanceKlines(path, label, from, to);
        return ReadOhlcv(path, venue, symbol, label, from, to);
    }

    private static CsvConfiguration Config(bool header) => new(CultureInfo.InvariantCulture) { HasHeaderRecord = header, MissingFieldFound = null, BadDataFound = null };

    private static SourceSeries ReadOhlcv(string path, string? venue, string? symbol, string label, long from, long to)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, Config(true));
        csv.Read();
        csv.ReadHeader();
        foreach (var col in new[] { "unix_s", "open", "high", "low", "close" })
            if (!csv.HeaderRecord!.Contains(col)) throw new DataException(path, 1, $"header lacks column '{col}'");
        var hasVenue = csv.HeaderRecord!.Contains("venue");
        var hasSymbol = csv.HeaderRecord!.Contains("symbol");
        var hasQuote = csv.HeaderRecord!.Contains("quote_volume");
        var bars = new List<(long Line, long Time, long O, long H, long L, long C, double QV)>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            if (venue is not null && hasVenue && csv.GetField("venue") != venue) continue;
            if (symbol is not null && hasSymbol && csv.GetField("symbol") != symbol) continue;
            var time = ParseLong(path, line, csv.GetField("unix_s"), "unix_s");
            var o = ParsePrice(path, line, csv.GetField("open"), "open");
            var h = ParsePrice(path, line, csv.GetField("high"), "high");
            var l = ParsePrice(path, line, csv.GetField("low"), "low");
            var c = ParsePrice(path, line, csv.GetField("close"), "close");
            var qv = hasQuote ? ParseDouble(csv.GetField("quote_volume")) : ParseDouble(csv.GetField("volume")) * (c / (double)Price.Scale);
            bars.Add((line, time, o, h, l, c, qv));
        }
        return BuildBars(path, label, bars, from, to);
    }

    private static SourceSeries ReadBinanceKlines(string path, string label, long from, long to)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, Config(false));
        var bars = new List<(long, long, long, long, long, long, double)>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var openTime = ParseLong(path, line, csv.GetField(0), "open time");
            // Binance switched spot archives from milliseconds to microseconds in 2025.
            var time = openTime > 100_000_000_000_000 ? openTime / 1_000_000 : openTime / 1_000;
            var o = ParsePrice(path, line, csv.GetField(1), "open");
            var h = ParsePrice(path, line, csv.GetField(2), "high");
            var l = ParsePrice(path, line, csv.GetField(3), "low");
            var c = ParsePrice(path, line, csv.GetField(4), "close");
            bars.Add((line, time, o, h, l, c, ParseDouble(csv.GetField(7))));
        }
        return BuildBars(path, label, bars, from, to);
    }

    private static SourceSeries ReadChainlink(string path, string label, long from, long to)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, Config(true));
        csv.Read();
        csv.ReadHeader();
        foreach (var col in new[] { "updated_at_unix_s", "answer" })
            if (!csv.HeaderRecord!.Contains(col)) throw new DataException(path, 1, $"header lacks column '{col}'");
        var points = new List<PricePoint>();
        long last = long.MinValue;
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var time = ParseLong(path, line, csv.GetField("updated_at_unix_s"), "updated_at_unix_s");
            var price = ParsePrice(path, line, csv.GetField("answer"), "answer");
            if (time < last) throw new DataException(path, line, $"round time {time} is before the previous round's {last}");
            // Two rounds in one block share a second; the later round supersedes the earlier one.
            if (time == last) points[^1] = new PricePoint(time, price);
            else points.Add(new PricePoint(time, price));
            last = time;
        }
        var kept = points.Where(p => p.Time >= from && p.Time <= to).ToList();
        if (kept.Count == 0) throw new DataException(path, 0, $"no rounds between {Iso(from)} and {Iso(to)}");
        return new SourceSeries(label, path, kept, []);
    }

    private static SourceSeries BuildBars(string path, string label, List<(long Line, long Time, long O, long H, long L, long C, double QV)> rows, long from, long to)
    {
        if (rows.Count == 0) throw new DataException(path, 0, "no rows for this venue/symbol");
        long interval = long.MaxValue;
        for (var i = 1; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r.Time == rows[i - 1].Time) throw new DataException(path, r.Line, $"duplicate timestamp {Iso(r.Time)}");
            if (r.Time < rows[i - 1].Time) throw new DataException(path, r.Line, $"timestamp {Iso(r.Time)} is before the previous row's {Iso(rows[i - 1].Time)}");
            interval = Math.Min(interval, r.Time - rows[i - 1].Time);
        }
        if (interval == long.MaxValue) interval = 60;
        var bars = new List<Bar>();
        foreach (var r in rows)
        {
            if (r.H < r.L) throw new DataException(path, r.Line, $"high {FixedFormat.Format(r.H, 8)} is below low {FixedFormat.Format(r.L, 8)}");
            if (r.O > r.H || r.O < r.L || r.C > r.H || r.C < r.L) throw new DataException(path, r.Line, "open or close outside the bar's high–low range");
            if (r.Time + interval <= from || r.Time > to) continue;
            bars.Add(new Bar(r.Time, interval, r.O, r.H, r.L, r.C, r.QV));
        }
        if (bars.Count == 0) throw new DataException(path, 0, $"no bars between {Iso(from)} and {Iso(to)}");
        return SourceSeries.FromBars(label, path, bars);
    }

    private static long ParseLong(string file, long line, string? text, string column)
        => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw new DataException(file, line, $"column {column}: '{text}' is not an integer");

    private static long ParsePrice(string file, long line, string? text, string column)
    {
        if (text is null) throw new DataException(file, line, $"column {column} is missing");
        if (!FixedFormat.TryParse(text, 8, out var units, out var error, Rounding.Floor))
            throw new DataException(file, line, $"column {column}: {error}");
        if (units <= 0) throw new DataException(file, line, $"column {column}: price {text} is not positive");
        if (units > Price.MaxUnits) throw new DataException(file, line, $"column {column}: price {text} is out of range");
        return units;
    }

    private static double ParseDouble(string? text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0 ? v : 0;

    /// <summary>Unix seconds as ISO-8601 UTC.</summary>
    public static string Iso(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
