using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Crypto;
using Breakwater.Protocol.Access;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Numerics;

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
        var bridgeKeys = new Option<string[]>("--bridge-key") { Description = "Signed mode: bridge key files (k of them) to fund one address per client; the load is then signed withdrawals.", AllowMultipleArgumentsPerToken = false };
        var batchSize = new Option<int>("--batch") { Description = "Transactions per request (1 = POST /v1/tx; more = POST /v1/tx/batch, up to 256); latency is per request.", DefaultValueFactory = _ => 1 };
        var cmd = new Command("load", "Bounded load test against a node: accepted transactions per second and p50/p99 latency (unsigned deposits, or signed withdrawals with --bridge-key).") { node, requests, concurrency, bridgeKeys, batchSize };
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
            string[] bodies;
            var bridgeFiles = p.GetValue(bridgeKeys) ?? [];
            if (bridgeFiles.Length == 0)
                bodies = Enumerable.Range(0, total).Select(i => $$"""{"type":"deposit","account":{{10_000 + i % 5_000}},"amount":1}""").ToArray();
            else
            {
                try { bodies = await SignedBodies(http, bridgeFiles.Select(KeyFile.Load).ToList(), total, clients, cancel); }
                catch (Exception e) when (e is FormatException or IOException or HttpRequestException or KeyNotFoundException or InvalidOperationException)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.BadInput;
                }
            }
            var latencies = new double[total];
            var accepted = 0;
            var failed = 0;
            var limited = 0;
            string? firstRefusal = null;
            var wall = Stopwatch.StartNew();
            // Client c sends requests c, c + clients, c + 2·clients, … in order: in signed mode each client is one address,
            // so its nonces arrive in the order they were signed.
            var batch = Math.Clamp(p.GetValue(batchSize), 1, 256);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = Enumerable.Range(0, total).Where(i => i % clients == c).ToList();
                foreach (var chunk in mine.Chunk(batch))
                {
                    if (cancel.IsCancellationRequested) break;
                    var sw = Stopwatch.StartNew();
                    try
                    {
                        var (path, body) = batch == 1 ? ("/v1/tx", bodies[chunk[0]]) : ("/v1/tx/batch", "[" + string.Join(',', chunk.Select(i => bodies[i])) + "]");
                        using var r = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), cancel);
                        var answer = await r.Content.ReadAsStringAsync(cancel);
                        foreach (var i in chunk) latencies[i] = sw.Elapsed.TotalMilliseconds;
                        if (r.IsSuccessStatusCode)
                        {
                            var ok = batch == 1 ? 1 : JsonDocument.Parse(answer).RootElement.EnumerateArray().Count(x => x.GetProperty("accepted").GetBoolean());
                            Interlocked.Add(ref accepted, ok);
                            if (ok < chunk.Length)
                            {
                                Interlocked.Add(ref failed, chunk.Length - ok);
                                Interlocked.CompareExchange(ref firstRefusal, answer.Length > 300 ? answer[..300] : answer, null);
                            }
                        }
                        else
                        {
                            Interlocked.Add(ref failed, chunk.Length);
                            if (r.StatusCode == System.Net.HttpStatusCode.TooManyRequests) Interlocked.Add(ref limited, chunk.Length);
                            else Interlocked.CompareExchange(ref firstRefusal, $"{(int)r.StatusCode} {answer}", null);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        foreach (var i in chunk) latencies[i] = sw.Elapsed.TotalMilliseconds;
                        Interlocked.Add(ref failed, chunk.Length);
                    }
                }
            }, cancel)));
            var seconds = wall.Elapsed.TotalSeconds;
            Array.Sort(latencies);
            double Pct(double q) => latencies[Math.Clamp((int)Math.Ceiling(q * total) - 1, 0, total - 1)];
            Console.WriteLine($"{total} transactions{(batch > 1 ? $" in batches of {batch}" : "")}, {clients} clients, {seconds:F2} s: {accepted / seconds:F0} accepted tx/s, {failed} failed; latency p50 {Pct(0.50):F2} ms, p99 {Pct(0.99):F2} ms, max {latencies[^1]:F2} ms");
            if (firstRefusal is not null) Console.Error.WriteLine($"first refusal: {firstRefusal}");
            if (limited > 0) Console.Error.WriteLine($"{limited} requests were rate-limited (429): start the node with --rate-limit 0 to measure its throughput");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.VerificationFailed;
        });
        return cmd;
    }

    /// <summary>
    /// Funds one fresh address per client through the bridge, then signs every withdrawal in advance (on all cores), so the
    /// timed part measures the node, not the signing.
    /// </summary>
    private static async Task<string[]> SignedBodies(HttpClient http, List<KeyFile> bridge, int total, int clients, CancellationToken cancel)
    {
        using var access = JsonDocument.Parse(await http.GetStringAsync("/v1/access", cancel));
        if (access.RootElement.GetProperty("open").GetBoolean()) throw new FormatException("the node runs in open mode: drop --bridge-key");
        var domain = GovernanceFile.ReadDomain(access.RootElement.GetProperty("domain"));
        var depositId = access.RootElement.GetProperty("lastDepositId").GetInt64();
        var users = Enumerable.Range(0, clients).Select(_ => KeyFile.FromPrivateKey(RandomNumberGenerator.GetBytes(32))).ToArray();
        var expiry = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3_600;
        Console.Error.WriteLine($"funding {clients} addresses through the bridge…");
        foreach (var u in users)
        {
            var m = new DepositMessage(u.Address, 1_000_000 * Usd.Scale, ++depositId, expiry);
            var body = UserTypedData.BridgeDeposit(domain, m, bridge);
            using var r = await http.PostAsync("/v1/tx", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancel);
            if (!r.IsSuccessStatusCode) throw new FormatException($"the bridge deposit was refused: {await r.Content.ReadAsStringAsync(cancel)}");
        }
        Console.Error.WriteLine($"signing {total} withdrawals…");
        var bodies = new string[total];
        var eip = new Eip712(EthereumVerifier.Instance);
        Parallel.For(0, total, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            var m = new WithdrawMessage(users[i % clients].Address, 1, i / clients + 1, expiry);
            var signature = Secp256k1.Sign(eip.SigningHash(domain, m.StructHash(eip)), users[i % clients].PrivateKey);
            bodies[i] = new JsonObject { ["type"] = "withdraw", ["message"] = UserTypedData.MessageJson(m), ["signature"] = Hex.Format(signature) }.ToJsonString();
        });
        return bodies;
    }
}
