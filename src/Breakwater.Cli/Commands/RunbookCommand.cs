using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Spectre.Console;

namespace Breakwater.Cli.Commands;

/// <summary>
/// <c>breakwater runbook prepare|list|show|sign|submit</c>: the council's prepared containment. <c>prepare</c> writes one
/// unsigned EIP-712 bundle per standard response (<see cref="Runbook.Standard"/>) and an <c>index.json</c> with each
/// one's human text, so members can sign ahead of time with any wallet (the bundle holds eth_signTypedData_v4 JSON) or
/// with <c>runbook sign</c>, and an operator submits the one that fits in seconds.
/// </summary>
public static class RunbookCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var cmd = new Command("runbook", "Prepared containment: pre-built council pauses and vetoes with their human text, to sign ahead of time and submit in seconds.");
        var dir = new Option<string>("--dir") { Description = "Runbook folder.", DefaultValueFactory = _ => "runbooks" };

        var governance = new Option<string>("--governance") { Description = "Governance file (domain and roles).", Required = true };
        var markets = new Option<int[]>("--market") { Description = "Market id to prepare the per-market runbooks for (repeat for several).", Required = true, AllowMultipleArgumentsPerToken = true };
        var operations = new Option<string[]>("--operation") { Description = "0x-hex id of a queued DAO operation to prepare a veto for (repeat for several)." };
        var duration = new Option<long>("--duration") { Description = "Pause duration, seconds (capped by governance).", DefaultValueFactory = _ => 3_600 };
        var expires = new Option<long>("--expires-in") { Description = "Seconds until the prepared messages expire (prepare again before).", DefaultValueFactory = _ => 30 * 86_400 };
        var prepare = new Command("prepare", "Write the standard runbooks (unsigned bundles and index.json) into --dir.") { governance, markets, operations, duration, expires, dir };
        prepare.SetAction(p => KeysCommand.Run(() =>
        {
            var cfg = GovernanceFile.Load(p.GetValue(governance)!);
            var folder = p.GetValue(dir)!;
            Directory.CreateDirectory(folder);
            var expiry = CouncilCommand.Expiry(p.GetValue(expires));
            var index = new JsonArray();
            var nonce = CouncilCommand.Nonce();
            void Add(Runbook r, int market, string file, SignedBundle bundle)
            {
                CouncilCommand.Write(Path.Combine(folder, file), bundle);
                index.Add(new JsonObject
                {
                    ["name"] = Path.GetFileNameWithoutExtension(file), ["runbook"] = r.Name, ["title"] = r.Title, ["market"] = market,
                    ["role"] = bundle.Role.ToString().ToLowerInvariant(), ["threshold"] = cfg.Council.Threshold,
                    ["flags"] = r.Flags.ToString(), ["triggers"] = new JsonArray(r.Triggers.Select(t => (JsonNode)t.ToString()).ToArray()),
                    ["when"] = r.When, ["what"] = r.What, ["lapses"] = r.Lapses, ["file"] = file, ["expiry"] = expiry,
                });
                Console.WriteLine($"{file}: {r.Title}{(r.ProtocolWide || r.Name == Runbook.VetoName ? "" : $" (market {market})")}");
            }
            foreach (var r in Runbook.Standard.Where(r => r.Name != Runbook.VetoName))
                foreach (var m in r.ProtocolWide ? [-1] : p.GetValue(markets)!)
                {
                    var msg = new PauseMessage(m, r.Flags, p.GetValue(duration), nonce++, expiry);
                    Add(r, m, r.FileName(m), new SignedBundle { Role = Role.Council, TypedData = GovernanceTypedData.Of(cfg.Domain, msg) });
                }
            var veto = Runbook.Standard.Single(r => r.Name == Runbook.VetoName);
            foreach (var op in p.GetValue(operations) ?? [])
            {
                var id = Hex.Parse(op, "--operation");
                var msg = new VetoMessage(id, nonce++, expiry);
                Add(veto, -1, veto.FileName(-1, Hex.Format(id)[2..]), new SignedBundle { Role = Role.Council, TypedData = GovernanceTypedData.Of(cfg.Domain, msg) });
            }
            File.WriteAllText(Path.Combine(folder, "index.json"), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"{index.Count} runbooks in {folder}; each needs {cfg.Council.Threshold} council signatures (runbook sign NAME --key FILE).");
        }));

        var list = new Command("list", "List the prepared runbooks with their signatures.") { dir };
        list.SetAction(p => KeysCommand.Run(() =>
        {
            var t = new Table().Border(TableBorder.Rounded);
            t.AddColumns("name", "title", "answers", "signed", "expires");
            foreach (var e in Index(p.GetValue(dir)!))
            {
                var b = CouncilCommand.Read(Path.Combine(p.GetValue(dir)!, e.GetProperty("file").GetString()!));
                var valid = b.Signers().Count(s => s is not null);
                t.AddRow(Markup.Escape(e.GetProperty("name").GetString()!), Markup.Escape(e.GetProperty("title").GetString()!),
                    Markup.Escape(string.Join(", ", e.GetProperty("triggers").EnumerateArray().Select(x => x.GetString()))),
                    $"{valid} / {e.GetProperty("threshold").GetInt32()}", DateTimeOffset.FromUnixTimeSeconds(e.GetProperty("expiry").GetInt64()).ToString("yyyy-MM-dd HH:mm 'UTC'"));
            }
            AnsiConsole.Write(t);
        }));

        var nameArg = new Argument<string>("name") { Description = "Runbook name (see runbook list)." };
        var show = new Command("show", "Print a runbook: when to use it, what it does, how it lapses, its message and who has signed.") { nameArg, dir };
        show.SetAction(p => KeysCommand.Run(() =>
        {
            var (e, path) = Find(p.GetValue(dir)!, p.GetValue(nameArg)!);
            var b = CouncilCommand.Read(path);
            Console.WriteLine($"{e.GetProperty("name").GetString()}: {e.GetProperty("title").GetString()}");
            Console.WriteLine($"  when:    {e.GetProperty("when").GetString()}");
            Console.WriteLine($"  does:    {e.GetProperty("what").GetString()}");
            Console.WriteLine($"  lapses:  {e.GetProperty("lapses").GetString()}");
            Console.WriteLine($"  message: {b.TypedData["primaryType"]} {b.TypedData["message"]!.ToJsonString()}");
            Console.WriteLine($"  signing hash {Hex.Format(b.SigningHash())}; file {path} (eth_signTypedData_v4 JSON under \"typedData\")");
            var signers = b.Signers().ToList();
            Console.WriteLine($"  signatures: {signers.Count(s => s is not null)} of {e.GetProperty("threshold").GetInt32()} needed");
            foreach (var s in signers) Console.WriteLine($"    {(s is null ? "invalid signature" : s.ToString())}");
        }));

        var key = new Option<string>("--key") { Description = "Key file of the signing council member.", Required = true };
        var sign = new Command("sign", "Add a council member's signature to a runbook.") { nameArg, key, dir };
        sign.SetAction(p => KeysCommand.Run(() =>
        {
            var (_, path) = Find(p.GetValue(dir)!, p.GetValue(nameArg)!);
            var b = CouncilCommand.Read(path);
            var who = b.Sign(KeyFile.Load(p.GetValue(key)!));
            CouncilCommand.Write(path, b);
            Console.WriteLine($"signed by {who}; {b.Signatures.Count} signature(s)");
        }));

        var node = new Option<string>("--node") { Description = "Node URL, e.g. http://127.0.0.1:8080.", Required = true };
        var submit = new Command("submit", "Submit a signed runbook to a node (exit 2 when the node refuses it).") { nameArg, node, dir };
        submit.SetAction(p => CouncilCommand.Submit(() => Find(p.GetValue(dir)!, p.GetValue(nameArg)!).Path, p.GetValue(node)!));

        cmd.Subcommands.Add(prepare);
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(show);
        cmd.Subcommands.Add(sign);
        cmd.Subcommands.Add(submit);
        return cmd;
    }

    private static List<JsonElement> Index(string dir)
    {
        var path = Path.Combine(dir, "index.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"no runbooks in {dir} (no index.json): run `breakwater runbook prepare` first");
        try { return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray().Select(e => e.Clone()).ToList(); }
        catch (JsonException e) { throw new FormatException($"{path}: {e.Message}"); }
    }

    private static (JsonElement Entry, string Path) Find(string dir, string name)
    {
        var all = Index(dir);
        var e = all.FirstOrDefault(x => x.GetProperty("name").GetString() == name);
        if (e.ValueKind == JsonValueKind.Undefined)
            throw new FormatException($"no runbook '{name}' in {dir} (known: {string.Join(", ", all.Select(x => x.GetProperty("name").GetString()))})");
        return (e, Path.Combine(dir, e.GetProperty("file").GetString()!));
    }
}
