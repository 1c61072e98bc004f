using System.CommandLine;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;

namespace Breakwater.Cli.Commands;

/// <summary>
/// <c>breakwater council propose|sign|status|submit</c>: build a governance action as typed data, collect signatures
/// from several key files, and submit it to a node.
/// </summary>
public static class CouncilCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var cmd = new Command("council", "Build, sign and submit security-council and guardian actions (pauses, vetoes).");
        var governance = new Option<string>("--governance") { Description = "Governance file (domain and roles).", Required = true };
        var outFile = new Option<string>("--out") { Description = "Bundle file to write.", Required = true };
        var market = new Option<int>("--market") { Description = "Market id, or -1 for protocol-wide.", DefaultValueFactory = _ => -1 };
        var flags = new Option<string>("--flags") { Description = "Pause flags: open,reduce,liquidate,deposit,withdraw,parameterupdate or all.", DefaultValueFactory = _ => "all" };
        var duration = new Option<long>("--duration") { Description = "Pause duration, seconds (capped by governance).", DefaultValueFactory = _ => 3_600 };
        var guardian = new Option<bool>("--guardian") { Description = "Sign as a pause guardian (one signature suffices) instead of the council." };
        var expires = new Option<long>("--expires-in") { Description = "Seconds until the message expires.", DefaultValueFactory = _ => 3_600 };
        var pause = new Command("pause", "Propose a pause.") { governance, outFile, market, flags, duration, guardian, expires };
        pause.SetAction(p => KeysCommand.Run(() =>
        {
            var cfg = GovernanceFile.Load(p.GetValue(governance)!);
            var msg = new PauseMessage(p.GetValue(market), SignedBundle.ParseFlags(p.GetValue(flags)!), p.GetValue(duration), Nonce(), Expiry(p.GetValue(expires)));
            Write(p.GetValue(outFile)!, new SignedBundle { Role = p.GetValue(guardian) ? Role.Guardian : Role.Council, TypedData = GovernanceTypedData.Of(cfg.Domain, msg) });
        }));
        var operation = new Option<string>("--operation") { Description = "0x-hex id of the queued operation.", Required = true };
        var veto = new Command("veto", "Propose a veto of a queued DAO operation.") { governance, outFile, operation, expires };
        veto.SetAction(p => KeysCommand.Run(() =>
        {
            var cfg = GovernanceFile.Load(p.GetValue(governance)!);
            var msg = new VetoMessage(Hex.Parse(p.GetValue(operation)!, "--operation"), Nonce(), Expiry(p.GetValue(expires)));
            Write(p.GetValue(outFile)!, new SignedBundle { Role = Role.Council, TypedData = GovernanceTypedData.Of(cfg.Domain, msg) });
        }));
        var cancel = new Command("cancel", "Propose the DAO's immediate cancel of one of its queued operations (signed by DAO members, DAO threshold).") { governance, outFile, operation, expires };
        cancel.SetAction(p => KeysCommand.Run(() =>
        {
            var cfg = GovernanceFile.Load(p.GetValue(governance)!);
            var msg = new CancelMessage(Hex.Parse(p.GetValue(operation)!, "--operation"), Nonce(), Expiry(p.GetValue(expires)));
            Write(p.GetValue(outFile)!, new SignedBundle { Role = Role.Dao, TypedData = GovernanceTypedData.Of(cfg.Domain, msg) });
        }));
        var from = new Option<long>("--from") { Description = "H: the last height kept as it was.", Required = true };
        var exclude = new Option<string>("--exclude") { Description = "Heights to leave out, comma-separated, each above H.", Required = true };
        var recovery = new Command("recovery", "Propose a recovery by rollback as a DAO operation (DAO members sign; it waits out the timelock, the council can veto it; when executed the node writes the recovered log and stops for a restart on it). Check the diff first with breakwater recover.") { governance, outFile, from, exclude, expires };
        recovery.SetAction(p => KeysCommand.Run(() =>
        {
            var cfg = GovernanceFile.Load(p.GetValue(governance)!);
            var heights = RecoverCommand.ParseHeights(p.GetValue(exclude)!).Order().ToList();
            var msg = new ProposalMessage(DaoOperationKind.Recover, DaoPayloads.Recover(p.GetValue(from), heights), Nonce(), Expiry(p.GetValue(expires)));
            Write(p.GetValue(outFile)!, new SignedBundle { Role = Role.Dao, TypedData = GovernanceTypedData.Of(cfg.Domain, msg) });
            Console.WriteLine($"operation 0x{Convert.ToHexStringLower(msg.StructHash(new Eip712(EthereumVerifier.Instance)))}: once queued and past the timelock, execute it with POST /v1/tx {{\"type\": \"execute\", \"operation\": …}}");
        }));
        var propose = new Command("propose", "Write an unsigned action bundle.");
        propose.Subcommands.Add(recovery);
        propose.Subcommands.Add(pause);
        propose.Subcommands.Add(veto);
        propose.Subcommands.Add(cancel);

        var key = new Option<string>("--key") { Description = "Key file of the signer.", Required = true };
        var bundleArg = new Argument<string>("bundle") { Description = "Bundle file (updated in place)." };
        var sign = new Command("sign", "Add a signature to a bundle.") { key, bundleArg };
        sign.SetAction(p => KeysCommand.Run(() =>
        {
            var path = p.GetValue(bundleArg)!;
            var b = Read(path);
            var who = b.Sign(KeyFile.Load(p.GetValue(key)!));
            Write(path, b);
            Console.WriteLine($"signed by {who}; {b.Signatures.Count} signature(s)");
        }));

        var statusArg = new Argument<string>("bundle") { Description = "Bundle file." };
        var status = new Command("status", "Show the action and who has signed.") { statusArg };
        status.SetAction(p => KeysCommand.Run(() =>
        {
            var b = Read(p.GetValue(statusArg)!);
            Console.WriteLine($"{b.Role} {b.TypedData["primaryType"]}: {b.TypedData["message"]!.ToJsonString()}");
            Console.WriteLine($"signing hash {Hex.Format(b.SigningHash())}");
            foreach (var s in b.Signers()) Console.WriteLine($"  {(s is null ? "invalid signature" : s.ToString())}");
        }));

        var node = new Option<string?>("--node") { Description = "Node URL, e.g. http://127.0.0.1:8545." };
        var chain = new Option<string?>("--chain") { Description = "Instead of a node: an EVM chain's JSON-RPC URL where the bundle's guard (its domain's verifying contract) lives." };
        var payer = new Option<string?>("--key") { Description = "With --chain: the key file that sends (and pays for) the transaction; any funded account." };
        var submitArg = new Argument<string>("bundle") { Description = "Bundle file." };
        var submit = new Command("submit", "Submit a signed bundle to a node (exit 2 when the node refuses it), or a pause to a guard on chain (exit 3 when the chain refuses it).") { node, chain, payer, submitArg };
        submit.SetAction(async (p, cancel) => p.GetValue(chain) is { } url
            ? await ChainSubmit.PauseAsync(p.GetValue(submitArg)!, url, p.GetValue(payer), cancel)
            : p.GetValue(node) is { } n ? Submit(() => p.GetValue(submitArg)!, n) : Usage("council submit needs --node URL or --chain URL"));
        cmd.Subcommands.Add(propose);
        cmd.Subcommands.Add(sign);
        cmd.Subcommands.Add(status);
        cmd.Subcommands.Add(submit);
        return cmd;
    }

    // Outside the core, wall-clock nonces and expiries are fine: the core only compares them with its own time.
    internal static long Nonce() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    internal static long Expiry(long seconds) => DateTimeOffset.UtcNow.ToUnixTimeSeconds() + seconds;

    /// <summary>Submits the bundle at the path <paramref name="path"/> gives to <paramref name="node"/>: 0 accepted, 2 refused or malformed.</summary>
    internal static int Submit(Func<string> path, string node)
    {
        try
        {
            var b = Read(path());
            b.ToTransaction(); // fail here, not at the node, on a malformed bundle
            return NodePost.Submit(node, "/v1/governance", b.ToJson());
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ExitCodes.BadInput;
    }

    internal static SignedBundle Read(string path)
        => File.Exists(path) ? SignedBundle.Parse(File.ReadAllText(path)) : throw new FileNotFoundException($"no bundle at {path}");

    internal static void Write(string path, SignedBundle b)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, b.ToJson());
        File.Move(tmp, path, overwrite: true);
    }
}
