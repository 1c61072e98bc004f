using System.CommandLine;
using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Watch;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater watch --node URL --key FILE [--config FILE]</c>: one independent watcher.</summary>
public static class WatchCommand
{
    private static readonly JsonSerializerOptions SettingsJson = new() { PropertyNameCaseInsensitive = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var node = new Option<string>("--node") { Description = "Node URL.", Required = true };
        var key = new Option<string>("--key") { Description = "The watcher's key file (its address must be a registered watcher).", Required = true };
        var config = new Option<string?>("--config") { Description = "JSON settings: minSeverity, actionSeconds, suppressSeconds, and detectors {volatility: {zThreshold}, oracleDivergence: {band}, …} (README: thresholds)." };
        var adversarial = new Option<bool>("--adversarial") { Description = "Attest made-up incidents (to test that a minority of compromised watchers cannot act)." };
        var publish = new Option<string[]>("--publish") { Description = "Peer node URL to send signed threat signals to (repeatable)." };
        var signals = new Option<string?>("--signals") { Description = "Append signed threat signals (JSON lines) to this file." };
        var webhook = new Option<string?>("--webhook") { Description = "POST every finding as JSON to this URL (once per incident key), protocol-wide and below-threshold findings included." };
        var metrics = new Option<string?>("--metrics") { Description = "Serve Prometheus metrics at this URL prefix, e.g. http://127.0.0.1:9101/ (GET /metrics)." };
        var cmd = new Command("watch", "Follow a node's event stream, run the detectors, and submit signed attestations when they fire.") { node, key, config, adversarial, publish, signals, webhook, metrics };
        cmd.SetAction(async (p, cancel) =>
        {
            WatcherOptions options;
            KeyFile k;
            try
            {
                options = new WatcherOptions { Node = p.GetValue(node)!.TrimEnd('/') };
                if (p.GetValue(config) is { } path)
                {
                    var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new JsonException($"{path} is empty");
                    var detectors = Watch.Detectors.DetectorConfig.Parse(json["detectors"]);
                    json.Remove("detectors");
                    options = (json.Deserialize<WatcherOptions>(SettingsJson) ?? options)
                        with
                    { Node = options.Node, Detectors = detectors };
                }
                options = options with { Malicious = p.GetValue(adversarial), PublishTo = p.GetValue(publish) ?? [], SignalsFile = p.GetValue(signals), Webhook = p.GetValue(webhook) ?? options.Webhook };
                k = KeyFile.Load(p.GetValue(key)!);
            }
            catch (Exception e) when (e is FormatException or IOException or JsonException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            Console.WriteLine($"watcher {k.Address} following {options.Node}");
            var watcher = new Watcher(options, k, Console.Out);
            using var stop = new Signals(cancel);
            MetricsEndpoint? endpoint;
            try { endpoint = p.GetValue(metrics) is { } prefix ? MetricsEndpoint.Start(prefix, watcher.Metrics.Render, stop.Token) : null; }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            using var _ = endpoint;
            try { await watcher.RunAsync(stop.Token); }
            catch (OperationCanceledException) { }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
