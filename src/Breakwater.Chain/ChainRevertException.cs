using System.Text.Json;
using Breakwater.Crypto;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;

namespace Breakwater.Chain;

/// <summary>A call or transaction the chain refused: <see cref="Error"/> is the contract's custom error or revert reason, decoded from its ABI where possible.</summary>
public sealed class ChainRevertException(string error, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The custom error's name (e.g. <c>Replayed</c>, <c>ECDSAInvalidSignatureS</c>) or the revert string; "" when nothing was decoded.</summary>
    public string Error { get; } = error;

    /// <summary>Whether Nethereum threw <paramref name="e"/> because the chain refused (a revert, or an RPC error carrying one).</summary>
    internal static bool IsRevert(Exception e) => e is SmartContractCustomErrorRevertException or SmartContractRevertException or RpcResponseException;

    /// <summary>The refusal <paramref name="e"/> (see <see cref="IsRevert"/>) of <paramref name="function"/>, with the error named from the contract's ABI.</summary>
    internal static ChainRevertException From(ContractArtifact artifact, string function, Exception e)
    {
        var data = e switch
        {
            SmartContractCustomErrorRevertException c => c.ExceptionEncodedData,
            SmartContractRevertException r => r.EncodedData,
            RpcResponseException r => r.RpcError?.Data?.ToString(),
            _ => null,
        };
        var name = data is null ? "" : ErrorName(artifact, data);
        if (name == "" && e is SmartContractRevertException s) name = s.RevertMessage ?? "";
        return new ChainRevertException(name, $"{artifact.Name}.{function} reverted{(name == "" ? "" : $": {name}")} ({e.Message})", e);
    }

    /// <summary>The custom error whose selector starts <paramref name="data"/>, from the contract's ABI.</summary>
    private static string ErrorName(ContractArtifact artifact, string data)
    {
        var hex = data.Trim('"');
        var start = hex.IndexOf("0x", StringComparison.Ordinal);
        if (start < 0 || hex.Length < start + 10) return "";
        var selector = hex.Substring(start + 2, 8).ToLowerInvariant();
        using var abi = JsonDocument.Parse(artifact.Abi);
        foreach (var item in abi.RootElement.EnumerateArray())
        {
            if (item.GetProperty("type").GetString() != "error") continue;
            var signature = $"{item.GetProperty("name").GetString()}({string.Join(",", item.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString()))})";
            if (Convert.ToHexStringLower(Keccak.Hash(System.Text.Encoding.UTF8.GetBytes(signature))[..4]) == selector) return item.GetProperty("name").GetString()!;
        }
        return "";
    }
}
