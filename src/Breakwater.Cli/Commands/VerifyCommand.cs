using System.CommandLine;
using Breakwater.Ledger;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater verify FILE.db</c>: replays a log from genesis and checks every event hash and the state hash.</summary>
public static class VerifyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "An events-<policy>.db log written by replay (or by a node)." };
        var nodeAddress = new Option<string?>("--node-address") { Description = "Also require every checkpoint to be signed by this node key (0x address)." };
        var heldFile = new Option<string?>("--checkpoint") { Description = "A signed checkpoint kept from the node's /v1/checkpoint (JSON file): the log must reach it; its signature must be the node's (--node-address, else its signer field)." };
        var cmd = new Command("verify", "Re-derive the hash chain and the state hash of an event log by replaying it from genesis. Exit 0 when it holds, 1 when it does not.") { file, nodeAddress, heldFile };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                var node = parse.GetValue(nodeAddress) is { } a ? Protocol.Governance.Address.Parse(a) : (Protocol.Governance.Address?)null;
                (long, long, string)? held = null;
                if (parse.GetValue(heldFile) is { } heldPath)
                {
                    var (h, signer) = ReadHeld(heldPath, node);
                    held = h;
                    Console.WriteLine($"held checkpoint at height {h.Item1} signed by {signer}");
                }
                var r = LogVerifier.Verify(path, Breakwater.Crypto.EthereumVerifier.Instance, node, held);
                (r.Ok ? Console.Out : Console.Error).WriteLine($"{path}: {r.Message}");
                return r.Ok ? ExitCodes.Ok : ExitCodes.VerificationFailed;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return cmd;
    }

    /// <summary>Reads a kept /v1/checkpoint answer and checks its signature.</summary>
    /// <exception cref="FormatException">malformed, unsigned, or signed by another key than <paramref name="node"/>.</exception>
    private static ((long, long, string) Checkpoint, Protocol.Governance.Address Signer) ReadHeld(string path, Protocol.Governance.Address? node)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no checkpoint file at {path}", path);
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            var (height, events, head) = (r.GetProperty("height").GetInt64(), r.GetProperty("events").GetInt64(), r.GetProperty("head").GetString()!);
            var signature = r.GetProperty("signature").GetString() ?? throw new FormatException($"{path}: the checkpoint is not signed (the node runs without --node-key)");
            var signer = Protocol.Governance.NodeCheckpoint.Signer(Crypto.EthereumVerifier.Instance, height, events, head, Crypto.Hex.Parse(signature, "signature")) ?? throw new FormatException($"{path}: malformed signature");
            var expected = node ?? Protocol.Governance.Address.Parse(r.GetProperty("signer").GetString()!);
            if (signer != expected) throw new FormatException($"{path}: the checkpoint is signed by {signer}, not by node {expected}");
            return ((height, events, head), signer);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{path}: not a checkpoint from /v1/checkpoint: {e.Message}");
        }
    }
}
