using System.Numerics;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace Breakwater.Chain;

/// <summary>
/// A trader's or the oracle's view of <c>DemoPerpMarket</c>: price USD × 1e6 per unit, size units × 1e6 (signed),
/// collateral USD × 1e6 credited one-for-one from the deposit's wei. A refused operation surfaces as
/// <see cref="ChainRevertException"/> (<c>Refused</c> when the guard said no).
/// </summary>
public sealed class DemoMarketClient
{
    private readonly Contract _market;
    private readonly Address _sender;

    /// <param name="rpcUrl">JSON-RPC URL.</param>
    /// <param name="market">The market's address.</param>
    /// <param name="sender">The caller's key (the oracle for <see cref="SetPriceAsync"/>).</param>
    /// <param name="chainId">The chain's id.</param>
    public DemoMarketClient(string rpcUrl, Address market, KeyFile sender, long chainId)
    {
        _market = GuardClient.Connect(rpcUrl, sender, chainId).Eth.GetContract(ContractArtifacts.Market.Abi, market.Hex);
        _sender = sender.Address;
    }

    /// <summary>The oracle's price update.</summary>
    public Task<TransactionReceipt> SetPriceAsync(long priceMicros, CancellationToken cancel = default)
        => Transactions.SendAsync(_market, ContractArtifacts.Market, _sender, "setPrice", cancel, new BigInteger(priceMicros));

    /// <summary>Deposits <paramref name="amountMicros"/> of collateral (sent as that many wei).</summary>
    public Task<TransactionReceipt> DepositAsync(long amountMicros, CancellationToken cancel = default)
        => Transactions.SendAsync(_market, ContractArtifacts.Market, _sender, "deposit", new HexBigInteger(amountMicros), cancel);

    /// <summary>Opens, increases or reduces the caller's position by <paramref name="deltaMicros"/> (units × 1e6, signed).</summary>
    public Task<TransactionReceipt> TradeAsync(long deltaMicros, CancellationToken cancel = default)
        => Transactions.SendAsync(_market, ContractArtifacts.Market, _sender, "trade", cancel, new BigInteger(deltaMicros));
}
