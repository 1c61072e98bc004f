using System.Numerics;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;

namespace Breakwater.Chain;

/// <summary>The three contracts of a guarded demo deployment.</summary>
/// <param name="Timelock">OpenZeppelin TimelockController: the guard's only admin; the DAO proposes and executes through it.</param>
/// <param name="Guard">BreakwaterGuard.</param>
/// <param name="Market">DemoPerpMarket, consulting the guard before every operation; its oracle is the deployer.</param>
/// <param name="ChainId">The chain's id.</param>
/// <param name="GasUsed">Gas each deployment used, by contract name.</param>
public sealed record GuardDeployment(Address Timelock, Address Guard, Address Market, long ChainId, IReadOnlyDictionary<string, long> GasUsed)
{
    /// <summary>
    /// Deploys timelock, guard and demo market from <paramref name="deployer"/>'s account (which becomes the market's
    /// oracle). The timelock's admin is nobody (self-administered, OpenZeppelin's recommended setup): the DAO is its
    /// only proposer and executor.
    /// </summary>
    /// <exception cref="ChainRevertException">a constructor refused its arguments (e.g. k larger than the watcher set).</exception>
    public static async Task<GuardDeployment> DeployAsync(string rpcUrl, KeyFile deployer, GuardSettings s, CancellationToken cancel = default)
    {
        var chainId = await GuardClient.ChainIdAsync(rpcUrl);
        var web3 = GuardClient.Connect(rpcUrl, deployer, chainId);
        var gas = new Dictionary<string, long>();
        var timelock = await DeployAsync(web3, ContractArtifacts.Timelock, deployer.Address, gas, cancel,
            new BigInteger(s.TimelockDelaySeconds), new[] { s.Dao.Hex }, new[] { s.Dao.Hex }, "0x0000000000000000000000000000000000000000");
        var guard = await DeployAsync(web3, ContractArtifacts.Guard, deployer.Address, gas, cancel,
            timelock.Hex, s.Watchers.Select(w => w.Hex).ToArray(), new BigInteger(s.K), s.Council.Select(c => c.Hex).ToArray(), new BigInteger(s.CouncilThreshold),
            new BigInteger(s.AttestationWindowSeconds), new BigInteger(s.MaxWatcherActionSeconds), new BigInteger(s.MaxPauseSeconds));
        var market = await DeployAsync(web3, ContractArtifacts.Market, deployer.Address, gas, cancel,
            guard.Hex, new BigInteger(s.MarketId), deployer.Address.Hex, new BigInteger(s.InitialPriceMicros));
        return new GuardDeployment(timelock, guard, market, chainId, gas);
    }

    private static async Task<Address> DeployAsync(Web3 web3, ContractArtifact c, Address from, Dictionary<string, long> gasUsed, CancellationToken cancel, params object[] args)
    {
        HexBigInteger gas;
        try { gas = await web3.Eth.DeployContract.EstimateGasAsync(c.Abi, c.Bytecode, from.Hex, args); }
        catch (Exception e) when (ChainRevertException.IsRevert(e)) { throw ChainRevertException.From(c, "constructor", e); }
        var receipt = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(c.Abi, c.Bytecode, from.Hex, Transactions.Headroom(gas), null, cancel, args);
        if (receipt.Status?.Value != 1 || receipt.ContractAddress is null) throw new ChainRevertException("", $"deploying {c.Name} failed (status {receipt.Status?.Value})");
        gasUsed[c.Name] = (long)receipt.GasUsed.Value;
        return Address.Parse(receipt.ContractAddress);
    }
}
