using Breakwater.Protocol.Governance;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;

namespace Breakwater.Chain;

/// <summary>Sends a contract transaction: estimates gas (which is where a revert shows, decoded to its error name), signs and waits for the receipt.</summary>
internal static class Transactions
{
    public static async Task<TransactionReceipt> SendAsync(Contract contract, ContractArtifact artifact, Address from, string function, CancellationToken cancel, params object[] args)
    {
        var f = contract.GetFunction(function);
        HexBigInteger gas;
        try { gas = await f.EstimateGasAsync(from.Hex, null, null, args); }
        catch (Exception e) when (e is SmartContractCustomErrorRevertException or SmartContractRevertException or RpcResponseException) { throw GuardClient.Decode(artifact, function, e); }
        // 25 % headroom: the estimate is for the state at estimation time.
        var receipt = await f.SendTransactionAndWaitForReceiptAsync(from.Hex, new HexBigInteger(gas.Value * 5 / 4), null, cancel, args);
        if (receipt.Status?.Value != 1) throw new ChainRevertException("", $"{artifact.Name}.{function} failed in block {receipt.BlockNumber?.Value} (status 0)");
        return receipt;
    }
}
