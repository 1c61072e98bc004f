using System.CommandLine;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Breakwater.Lab.Reports;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater report --node URL [--incident N] [--out DIR]</c>: a post-mortem from a running node's event stream alone.</summary>
public static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var node = new Option<string>("--node") { Description = "Node URL.", Required = true };
        var incident = new Option<long?>("--incident") { Description = "One incident id (default: every incident in the log)." };
        var outDir = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "breakwater-out/post-mortem" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the whole event stream.", DefaultValueFactory = _ => 300 };
        var cmd = new Command("report", "Write a post-mortem (report.md, report.html, report.json) from a running node's event stream: per incident, the timeline with every event hash, attestations and who signed them, governance actions, time to detect and to contain.") { node, incident, outDir, timeout };
        cmd.SetAction(async (p, cancel) =>
        {
            var url = p.GetValue(node)!.TrimEnd('/');
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = Timeout.InfiniteTimeSpan };
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(p.GetValue(timeout)));
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancel);
                var state = JsonDocument.Parse(await http.GetStringAsync("v1/state", linked.Token)).RootElement;
                var last = state.GetProperty("lastEventSeq").GetInt64();
                var symbols = JsonDocument.Parse(await http.GetStringAsync("v1/markets", linked.Token)).RootElement.EnumerateArray()
                    .ToDictionary(m => m.GetProperty("id").GetInt32(), m => m.GetProperty("symbol").GetString()!);
                var events = await ReadAsync(http, last, linked.Token);
                var pm = PostMortem.Build(events, symbols, url, state.GetProperty("logHeadHash").GetString()!, state.GetProperty("stateHash").GetString()!, p.GetValue(incident));
                var dir = p.GetValue(outDir)!;
                Directory.CreateDirectory(dir);
                await File.WriteAllTextAsync(Path.Combine(dir, "report.md"), pm.Markdown(), linked.Token);
                await File.WriteAllTextAsync(Path.Combine(dir, "report.html"), pm.Html(), linked.Token);
                await File.WriteAllTextAsync(Path.Combine(dir, "report.json"), pm.Json(), linked.Token);
                Console.WriteLine($"{events.Count:N0} events, {pm.Incidents.Count} incident(s) → {dir} (report.md, report.html, report.json)");
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"error: the event stream of {url} did not end within {p.GetValue(timeout)} s");
                return ExitCodes.BadInput;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or FormatException or ArgumentException or IOException or KeyNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return cmd;
    }

    /// <summary>Reads the event stream from sequence 1 up to <paramref name="last"/>, printing progress on long logs.</summary>
    private static async Task<List<StreamedEvent>> ReadAsync(HttpClient http, long last, CancellationToken cancel)
    {
        var events = new List<StreamedEvent>();
        if (last == 0) return events;
        using var response = await http.GetAsync("v1/events?from=1", HttpCompletionOption.ResponseHeadersRead, cancel);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancel);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancel))
        {
            if (item.EventType is "rejected" or "root") continue;
            var e = StreamedEvent.Parse(item.Data);
            events.Add(e);
            if (events.Count % 250_000 == 0) Console.Error.WriteLine($"read {events.Count:N0} of {last:N0} events");
            if (e.Seq >= last) break;
        }
        if (events.Count == 0 || events[^1].Seq < last) throw new IOException($"the event stream ended at {(events.Count == 0 ? 0 : events[^1].Seq)} before {last}");
        return events;
    }
}
