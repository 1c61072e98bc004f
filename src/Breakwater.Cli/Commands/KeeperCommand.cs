using System.CommandLine;
using Breakwater.Crypto;
using Breakwater.Watch;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater keeper --node URL (--account N | --key FILE) [--interval S] [--once]</c>: liquidates on a running node.</summary>
public static class KeeperCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var node = new Option<string>("--node") { Description = "Node URL.", Required = true };
        var account = new Option<long?>("--account") { Description = "Open mode: the liquidator's account id (takes the liquidated positions)." };
        var key = new Option<string?>("--key") { Description = "Signed mode: the liquidator's key file (its address owns the liquidator account)." };
        var interval = new Option<double>("--interval") { Description = "Longest wait between passes, seconds (a price or status change on the event stream starts one at once).", DefaultValueFactory = _ => 5.0 };
        var once = new Option<bool>("--once") { Description = "One pass over every market, then exit (0 when the node answered)." };
        var metrics = new Option<string?>("--metrics") { Description = "Serve Prometheus metrics (attempts, liquidations, refusals, blocked markets) at this URL prefix, e.g. http://127.0.0.1:9102/ (GET /metrics)." };
        var cmd = new Command("keeper", "Liquidate accounts below maintenance margin on a running node, at each market's fill bound; markets whose liquidations are blocked (unconfirmed price, halt, pause) wait.") { node, account, key, interval, once, metrics };
        cmd.SetAction(async (p, cancel) =>
        {
            if (p.GetValue(interval) is <= 0 or > 3_600)
            {
                Console.Error.WriteLine("error: --interval must be in (0, 3600] seconds");
                return ExitCodes.BadInput;
            }
            KeyFile? k = null;
            try { if (p.GetValue(key) is { } path) k = KeyFile.Load(path); }
            catch (Exception e) when (e is FormatException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            using var http = new HttpClient { BaseAddress = new Uri(p.GetValue(node)!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
            var keeper = new Keeper(http, Console.Out, p.GetValue(account), k);
            using var stop = new Signals(cancel);
            MetricsEndpoint? endpoint;
            try { endpoint = p.GetValue(metrics) is { } prefix ? MetricsEndpoint.Start(prefix, keeper.RenderMetrics, stop.Token) : null; }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            using var _ = endpoint;
            try
            {
                await keeper.StartAsync(stop.Token);
                Console.WriteLine($"keeper on {p.GetValue(node)} as {(k is null ? $"account {p.GetValue(account)}" : k.Address.ToString())}");
                if (p.GetValue(once)) await keeper.PassAsync(stop.Token);
                else await keeper.RunAsync(TimeSpan.FromSeconds(p.GetValue(interval)), stop.Token);
            }
            catch (OperationCanceledException) { }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or FormatException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            Console.WriteLine($"keeper: {keeper.Liquidated} liquidated, {keeper.Refused} refused");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
