using Breakwater.Protocol.Governance;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace Breakwater.Chain;

/// <summary>Sends a contract transaction: estimates gas (which is where a revert shows, decoded to its error name), signs and waits for the receipt.</summary>
internal static class Transactions
{
    /// <summary>
    /// The gas limit sent: the estimate is for the chain as it was, and another watcher's attestation mined first can
    /// make this one the k-th, which also raises the level (tens of thousands of gas more). Unused gas is not charged.
    /// </summary>
    public static HexBigInteger Headroom(HexBigInteger estimate) => new(estimate.Value * 3 / 2 + 60_000);

    public static Task<TransactionReceipt> SendAsync(Contract contract, ContractArtifact artifact, Address from, string function, CancellationToken cancel, params object[] args)
        => SendAsync(contract, artifact, from, function, null, cancel, args);

    /// <summary>The same, sending <paramref name="value"/> wei with the call (a payable function).</summary>
    public static async Task<TransactionReceipt> SendAsync(Contract contract, ContractArtifact artifact, Address from, string function, HexBigInteger? value, CancellationToken cancel, params object[] args)
    {
        var f = contract.GetFunction(function);
        HexBigInteger gas;
        try { gas = await f.EstimateGasAsync(from.Hex, null, value, args); }
        catch (Exception e) when (ChainRevertException.IsRevert(e)) { throw ChainRevertException.From(artifact, function, e); }
        var receipt = await f.SendTransactionAndWaitForReceiptAsync(from.Hex, Headroom(gas), value, cancel, args);
        if (receipt.Status?.Value != 1)
        {
            // The estimate passed, so the chain moved between it and inclusion (time passed an expiry, another
            // transaction came first). Asking again names the reason as the chain is now.
            try { await f.EstimateGasAsync(from.Hex, null, value, args); }
            catch (Exception e) when (ChainRevertException.IsRevert(e)) { throw ChainRevertException.From(artifact, function, e); }
            throw new ChainRevertException("", $"{artifact.Name}.{function} failed in block {receipt.BlockNumber?.Value} (status 0)");
        }
        return receipt;
    }
}
