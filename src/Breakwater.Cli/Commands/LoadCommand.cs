using System.CommandLine;
using System.Diagnostics;
using System.Text;

namespace Breakwater.Cli.Commands;

/// <summary>
/// <c>breakwater load --node URL</c>: a bounded loopback load test. A fixed number of deposit transactions from a fixed
/// number of concurrent clients; reports accepted transactions per second and p50/p99 latency. Every acknowledgement
/// the node sends is for a transaction already committed to its log.
/// </summary>
public static class LoadCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var node = new Option<string>("--node") { Description = "Node URL (loopback).", Required = true };
        var requests = new Option<int>("--requests") { Description = "Total requests.", DefaultValueFactory = _ => 50_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent clients.", DefaultValueFactory = _ => 64 };
        var cmd = new Command("load", "Bounded load test against a node: accepted transactions per second and p50/p99 latency.") { node, requests, concurrency };
        cmd.SetAction(async (p, cancel) =>
        {
            var url = p.GetValue(node)!.TrimEnd('/');
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.IsLoopback))
            {
                Console.Error.WriteLine("error: the load test only targets loopback nodes (127.0.0.0/8, localhost, [::1])");
                return ExitCodes.BadInput;
            }
            var total = p.GetValue(requests);
            var clients = Math.Clamp(p.GetValue(concurrency), 1, 1024);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(30) };
            var latencies = new double[total];
            var accepted = 0;
            var failed = 0;
            var limited = 0;
            var next = -1;
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < total && !cancel.IsCancellationRequested)
                {
                    var body = $$"""{"type":"deposit","account":{{10_000 + i % 5_000}},"amount":1}""";
                    var sw = Stopwatch.StartNew();
                    try
                    {
                        using var r = await http.PostAsync("/v1/tx", new StringContent(body, Encoding.UTF8, "application/json"), cancel);
                        latencies[i] = sw.Elapsed.TotalMilliseconds;
                        if (r.IsSuccessStatusCode) Interlocked.Increment(ref accepted);
                        else
                        {
                            Interlocked.Increment(ref failed);
                            if (r.StatusCode == System.Net.HttpStatusCode.TooManyRequests) Interlocked.Increment(ref limited);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        latencies[i] = sw.Elapsed.TotalMilliseconds;
                        Interlocked.Increment(ref failed);
                    }
                }
            }, cancel)));
            var seconds = wall.Elapsed.TotalSeconds;
            Array.Sort(latencies);
            double Pct(double q) => latencies[Math.Clamp((int)Math.Ceiling(q * total) - 1, 0, total - 1)];
            Console.WriteLine($"{total} requests, {clients} clients, {seconds:F2} s: {accepted / seconds:F0} accepted tx/s, {failed} failed; latency p50 {Pct(0.50):F2} ms, p99 {Pct(0.99):F2} ms, max {latencies[^1]:F2} ms");
            if (limited > 0) Console.Error.WriteLine($"{limited} requests were rate-limited (429): start the node with --rate-limit 0 to measure its throughput");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.VerificationFailed;
        });
        return cmd;
    }
}
