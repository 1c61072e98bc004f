using System.CommandLine;
using Breakwater.Lab.Data;
using Breakwater.Lab.Scenarios;
using Breakwater.Server;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater serve</c>: runs the protocol node.</summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (loopback by default).", DefaultValueFactory = _ => "http://127.0.0.1:8545" };
        var db = new Option<string>("--db") { Description = "SQLite event log; recovered on start when it exists.", DefaultValueFactory = _ => "breakwater-node.db" };
        var genesis = new Option<string?>("--genesis") { Description = "Genesis file for a new log (markets, insurance fund, governance)." };
        var replay = new Option<string?>("--replay") { Description = "Feed a scenario's market data into the node (built-in name or file)." };
        var speed = new Option<double>("--speed") { Description = "Replay speed: market seconds per wall second.", DefaultValueFactory = _ => 60 };
        var policy = new Option<string>("--policy") { Description = "Policy of the replayed markets.", DefaultValueFactory = _ => "breakwater" };
        var accounts = new Option<int>("--accounts") { Description = "Replay population size.", DefaultValueFactory = _ => 1_000 };
        var data = new Option<string?>("--data") { Description = "Data folder for --replay." };
        var allowedHost = new Option<string[]>("--allowed-host") { Description = "A host name the node answers to besides loopback and the --urls hosts (repeatable); other Host headers get 421 (DNS-rebinding defense).", AllowMultipleArgumentsPerToken = false };
        var open = new Option<bool>("--open") { Description = "Open mode: take unsigned transactions (anyone who reaches the node moves any account). For the lab and demos; --replay is always open. Default: signed (the genesis configures access)." };
        var rateLimit = new Option<int>("--rate-limit") { Description = "Submissions per second per client address (bursts to twice that); 0 = no limit.", DefaultValueFactory = _ => 2_000 };
        var durability = new Option<string>("--durability") { Description = "normal: survives a killed process (SQLite WAL, synchronous=NORMAL); full: an fsync per batch, survives power loss.", DefaultValueFactory = _ => "normal" };
        durability.AcceptOnlyFromAmong("normal", "full");
        var webhook = new Option<string[]>("--webhook") { Description = "URL that gets one JSON notice per incident opened (repeatable): tells users and front ends at once." };
        var nodeKey = new Option<string?>("--node-key") { Description = "Key file that signs every checkpoint (served at /v1/checkpoint; verify --node-address checks them). Create one with 'keys new'." };
        var snapshotEvery = new Option<long>("--snapshot-every") { Description = "Write a snapshot of the whole state into the log every this many heights, so recovery by rollback starts near its height instead of at genesis; 0 = never.", DefaultValueFactory = _ => 10_000 };
        var cmd = new Command("serve", "Run the protocol as a node: HTTP API, event stream, metrics and dashboard, with the hash-chained log in SQLite.")
        {
            urls, db, genesis, replay, speed, policy, accounts, data, allowedHost, open, rateLimit, durability, nodeKey, webhook, snapshotEvery,
        };
        cmd.SetAction(async (p, cancel) =>
        {
            Node node;
            try
            {
                node = new Node(new NodeOptions
                {
                    Urls = p.GetValue(urls)!, Db = p.GetValue(db)!, Genesis = p.GetValue(genesis), Replay = p.GetValue(replay),
                    Speed = p.GetValue(speed), Policy = p.GetValue(policy)!, Accounts = p.GetValue(accounts), DataDir = p.GetValue(data),
                    AllowedHosts = p.GetValue(allowedHost) ?? [], Open = p.GetValue(open),
                    RateLimitPerSecond = Math.Max(0, p.GetValue(rateLimit)), SynchronousFull = p.GetValue(durability) == "full", NodeKey = p.GetValue(nodeKey),
                    Webhooks = p.GetValue(webhook) ?? [], SnapshotEvery = Math.Max(0, p.GetValue(snapshotEvery)),
                });
            }
            catch (Exception e) when (e is FormatException or InvalidDataException or ScenarioException or DataException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            // SIGTERM and SIGINT stop the node cleanly: the sequencer finishes its batch and the log is committed.
            using var signals = new Signals(cancel);
            cancel = signals.Token;
            await using (node)
            {
                var app = NodeHost.Build(node);
                Console.WriteLine($"breakwater node on {node.Options.Urls} — log {node.Options.Db} ({node.Recovered} transactions recovered) — {(node.Open ? "OPEN mode" : "signed mode")}");
                if (node.NodeKey is { } k) Console.WriteLine($"checkpoints signed by node key {k.Address}");
                if (node.Open)
                    Console.Error.WriteLine("warning: OPEN MODE — /v1/tx takes unsigned transactions: anyone who can reach this node can deposit, withdraw, trade and report prices for any account. Use it for the lab and demos only.");
                try { await app.StartAsync(cancel); }
                catch (IOException e)
                {
                    Console.Error.WriteLine($"error: cannot listen on {node.Options.Urls}: {e.Message}");
                    return ExitCodes.BadInput;
                }
                try { await Task.Delay(Timeout.Infinite, cancel); }
                catch (OperationCanceledException) { }
                await app.StopAsync(CancellationToken.None);
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
