using Breakwater.Chain;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater council submit BUNDLE --chain URL --key FILE</c>: a signed council or guardian pause sent to the guard on chain.</summary>
internal static class ChainSubmit
{
    /// <summary>0 when the guard accepted the pause, 2 for a bundle that cannot go to this chain, 3 when the chain refused it.</summary>
    public static async Task<int> PauseAsync(string bundlePath, string rpcUrl, string? payerKey, CancellationToken cancel)
    {
        SignedBundle b;
        SubmitPause pause;
        KeyFile payer;
        try
        {
            if (payerKey is null) throw new FormatException("--chain needs --key: the account that sends the transaction");
            b = CouncilCommand.Read(bundlePath);
            pause = b.ToTransaction() as SubmitPause ?? throw new FormatException($"{bundlePath}: only pauses go on chain (this bundle is a {b.TypedData["primaryType"]})");
            payer = KeyFile.Load(payerKey);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        return await ChainCommand.OnChain(async () =>
        {
            var chainId = await GuardClient.ChainIdAsync(rpcUrl);
            var domain = GovernanceFile.ReadDomain(System.Text.Json.JsonDocument.Parse(b.TypedData["domain"]!.ToJsonString()).RootElement);
            if (domain.ChainId != chainId)
                throw new ChainRevertException("", $"the bundle is signed for chain {domain.ChainId}, this node is chain {chainId}: propose it with the governance.json that chain deploy wrote");
            var guard = new GuardClient(rpcUrl, domain.VerifyingContract, payer, chainId);
            var sigs = b.Signatures.Select(s => Hex.Parse(s)).ToList();
            var receipt = pause.Role == Role.Guardian
                ? await guard.GuardianPauseAsync(pause.Message, sigs.Single(), cancel)
                : await guard.CouncilPauseAsync(pause.Message, sigs, cancel);
            Console.WriteLine($"paused: flags {await guard.PausedFlagsAsync(Math.Max(0, pause.Message.Market))} at guard {guard.Address}, block {receipt.BlockNumber.Value}, gas {receipt.GasUsed.Value}");
        });
    }
}
