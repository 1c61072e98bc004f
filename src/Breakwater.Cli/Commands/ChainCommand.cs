using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Chain;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Breakwater.Watch.Detectors;

namespace Breakwater.Cli.Commands;

/// <summary>
/// <c>breakwater chain deploy|watch</c>: Breakwater on an EVM chain. <c>deploy</c> puts a timelock, the guard and a demo
/// market on a chain (tests and demos); <c>watch</c> is one watcher over a guarded market, attesting on chain.
/// </summary>
public static class ChainCommand
{
    /// <summary>Exit code when the chain refused a transaction (a revert) or could not be reached.</summary>
    public const int ChainRefused = 3;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var cmd = new Command("chain", "Deploy the on-chain guard, and watch a guarded market on an EVM chain over JSON-RPC.");
        cmd.Subcommands.Add(Deploy());
        cmd.Subcommands.Add(Watch());
        return cmd;
    }

    private static Option<string> Rpc() => new("--rpc") { Description = "The chain's JSON-RPC URL, e.g. http://127.0.0.1:8545.", Required = true };

    private static Command Deploy()
    {
        var rpc = Rpc();
        var key = new Option<string>("--key") { Description = "Deployer's key file (pays gas; becomes the demo market's oracle).", Required = true };
        var watchers = new Option<string>("--watchers") { Description = "Watcher addresses, comma-separated.", Required = true };
        var k = new Option<int>("--k") { Description = "Attestations that raise a level.", Required = true };
        var council = new Option<string>("--council") { Description = "Council addresses, comma-separated.", Required = true };
        var threshold = new Option<int>("--council-threshold") { Description = "Council signatures a pause needs.", Required = true };
        var dao = new Option<string>("--dao") { Description = "The DAO's address: the timelock's proposer and executor.", Required = true };
        var delay = new Option<long>("--timelock-delay") { Description = "Timelock minimum delay, seconds.", DefaultValueFactory = _ => 172_800 };
        var maxAction = new Option<long>("--max-watcher-action") { Description = "Longest a watcher raise holds, seconds.", DefaultValueFactory = _ => 1_800 };
        var price = new Option<decimal>("--price") { Description = "The demo market's first oracle price, USD.", DefaultValueFactory = _ => 2_000m };
        var outDir = new Option<string>("--out") { Description = "Folder for deployment.json and governance.json (the guard's domain and roles, for council propose).", DefaultValueFactory = _ => "." };
        var deploy = new Command("deploy", "Deploy OpenZeppelin's TimelockController, BreakwaterGuard and DemoPerpMarket; print their addresses and gas.")
            { rpc, key, watchers, k, council, threshold, dao, delay, maxAction, price, outDir };
        deploy.SetAction(async (p, cancel) =>
        {
            GuardSettings settings;
            KeyFile deployer;
            try
            {
                settings = new GuardSettings(Addresses(p.GetValue(watchers)!), p.GetValue(k), Addresses(p.GetValue(council)!), p.GetValue(threshold),
                    Address.Parse(p.GetValue(dao)!), p.GetValue(delay))
                { InitialPriceMicros = (long)(p.GetValue(price) * 1_000_000m), MaxWatcherActionSeconds = p.GetValue(maxAction) };
                deployer = KeyFile.Load(p.GetValue(key)!);
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            return await OnChain(async () =>
            {
                var d = await GuardDeployment.DeployAsync(p.GetValue(rpc)!, deployer, settings, cancel);
                var dir = p.GetValue(outDir)!;
                Directory.CreateDirectory(dir);
                await File.WriteAllTextAsync(Path.Combine(dir, "deployment.json"), new JsonObject
                {
                    ["rpc"] = p.GetValue(rpc), ["chainId"] = d.ChainId, ["timelock"] = d.Timelock.Hex, ["guard"] = d.Guard.Hex, ["market"] = d.Market.Hex, ["marketId"] = settings.MarketId,
                    ["gasUsed"] = new JsonObject(d.GasUsed.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Value))),
                }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancel);
                await File.WriteAllTextAsync(Path.Combine(dir, "governance.json"), GovernanceFile.ToJson(new GovernanceConfig
                {
                    Domain = GuardClient.DomainOf(d.ChainId, d.Guard),
                    Watchers = RoleSet.Create(settings.K, settings.Watchers), Council = RoleSet.Create(settings.CouncilThreshold, settings.Council),
                    Guardians = new RoleSet(), Dao = RoleSet.Create(1, [settings.Dao]), TimelockDelaySeconds = settings.TimelockDelaySeconds,
                    MaxWatcherActionSeconds = settings.MaxWatcherActionSeconds,
                }), cancel);
                Console.WriteLine($"chain {d.ChainId}: timelock {d.Timelock}, guard {d.Guard}, market {d.Market}");
                foreach (var (name, gas) in d.GasUsed) Console.WriteLine($"  {name}: {gas:N0} gas");
                Console.WriteLine($"wrote {Path.Combine(dir, "deployment.json")} and {Path.Combine(dir, "governance.json")}");
            });
        });
        return deploy;
    }

    private static Command Watch()
    {
        var rpc = Rpc();
        var guard = new Option<string>("--guard") { Description = "The guard's address.", Required = true };
        var market = new Option<string>("--market") { Description = "The guarded market contract's address.", Required = true };
        var marketId = new Option<int>("--market-id") { Description = "The market's id at the guard.", DefaultValueFactory = _ => 0 };
        var key = new Option<string>("--key") { Description = "This watcher's key file (a registered watcher; pays for its attestations).", Required = true };
        var reference = new Option<decimal?>("--reference-price") { Description = "A reference price (USD) the watcher trusts: the oracle more than 5 % away from it three updates in a row is a manipulation (level 2)." };
        var confirmations = new Option<int>("--confirmations") { Description = "Blocks on top of a block before it is read (reorgs shallower than this never reach the detectors).", DefaultValueFactory = _ => 2 };
        var from = new Option<long?>("--from-block") { Description = "First block to read (default: the head when the watcher starts)." };
        var interval = new Option<double>("--interval") { Description = "Seconds between polls.", DefaultValueFactory = _ => 2 };
        var action = new Option<long>("--action-seconds") { Description = "How long an attested level should hold (the guard caps it).", DefaultValueFactory = _ => 900 };
        var once = new Option<bool>("--once") { Description = "Poll once and exit (for scripts)." };
        var watch = new Command("watch", "Follow a guarded market's blocks (with reorg handling), run the detectors (volatility, liquidation cascade, divergence from a reference) on its logs, and attest findings to the guard.")
            { rpc, guard, market, marketId, key, reference, confirmations, from, interval, action, once };
        watch.SetAction(async (p, cancel) =>
        {
            KeyFile k;
            Address g, m;
            try
            {
                k = KeyFile.Load(p.GetValue(key)!);
                g = Address.Parse(p.GetValue(guard)!);
                m = Address.Parse(p.GetValue(market)!);
                if (p.GetValue(confirmations) < 0) throw new FormatException("--confirmations must be 0 or more");
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            var id = p.GetValue(marketId);
            var referencePrice = p.GetValue(reference);
            IReadOnlyList<IDetector> Detectors() => referencePrice is { } r
                ? [new VolatilitySpikeDetector(), new LiquidationCascadeDetector(), new ReferenceDivergenceDetector(id, [(0, (double)r)]) { MaxAgeSeconds = long.MaxValue }]
                : [new VolatilitySpikeDetector(), new LiquidationCascadeDetector()];
            return await OnChain(async () =>
            {
                var url = p.GetValue(rpc)!;
                var chainId = await GuardClient.ChainIdAsync(url);
                var start = p.GetValue(from) ?? (long)(await new Nethereum.Web3.Web3(url).Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
                var w = new ChainWatcher(url, new GuardClient(url, g, k, chainId), k, m, id, Detectors, p.GetValue(confirmations), start, Console.Out, p.GetValue(action));
                Console.WriteLine($"watching market {m} (id {id}) on chain {chainId} from block {start} as {k.Address}, {p.GetValue(confirmations)} confirmation(s)");
                if (p.GetValue(once)) await w.PollAsync(cancel);
                else await w.RunAsync(TimeSpan.FromSeconds(p.GetValue(interval)), cancel);
                Console.WriteLine($"read to block {w.NextBlock - 1}: {w.Seen.Prices} price(s), {w.Attested} attestation(s), {w.Rewound} block(s) rewound");
            });
        });
        return watch;
    }

    /// <summary>Runs chain work, mapping a revert or an unreachable node to <see cref="ChainRefused"/> with the reason.</summary>
    internal static async Task<int> OnChain(Func<Task> work)
    {
        try
        {
            await work();
            return ExitCodes.Ok;
        }
        catch (ChainRevertException e)
        {
            Console.Error.WriteLine($"error: the chain refused: {e.Message}");
            return ChainRefused;
        }
        catch (Exception e) when (e is HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcClientTimeoutException or Nethereum.JsonRpc.Client.RpcResponseException)
        {
            Console.Error.WriteLine($"error: the chain's JSON-RPC failed: {e.Message}");
            return ChainRefused;
        }
    }

    private static List<Address> Addresses(string csv) => csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Address.Parse).ToList();
}
