using System.Numerics;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Breakwater.Chain;

/// <summary>
/// The DAO's path to the guard's admin functions: OpenZeppelin's TimelockController. An operation is scheduled with at
/// least the timelock's delay and executes only once ready; until then <c>execute</c> reverts
/// (<c>TimelockUnexpectedOperationState</c>). Operations here carry no predecessor, a zero value and the given salt.
/// </summary>
public sealed class TimelockClient
{
    private readonly Contract _timelock;
    private readonly Contract _guard;
    private readonly Address _sender;

    /// <param name="rpcUrl">JSON-RPC URL.</param>
    /// <param name="deployment">Where the timelock and guard are.</param>
    /// <param name="dao">The DAO's key (the timelock's proposer and executor).</param>
    public TimelockClient(string rpcUrl, GuardDeployment deployment, KeyFile dao)
    {
        var web3 = GuardClient.Connect(rpcUrl, dao, deployment.ChainId);
        _timelock = web3.Eth.GetContract(ContractArtifacts.Timelock.Abi, deployment.Timelock.Hex);
        _guard = web3.Eth.GetContract(ContractArtifacts.Guard.Abi, deployment.Guard.Hex);
        _sender = dao.Address;
    }

    /// <summary>The calldata of a guard function (e.g. <c>unpause</c> with the market).</summary>
    public string GuardCall(string function, params object[] args) => _guard.GetFunction(function).GetData(args);

    /// <summary>Schedules a call to the guard, ready after <paramref name="delaySeconds"/> (at least the timelock's minimum).</summary>
    /// <exception cref="ChainRevertException">the delay is below the minimum, or the operation exists already.</exception>
    public Task<TransactionReceipt> ScheduleAsync(string calldata, byte[] salt, long delaySeconds, CancellationToken cancel = default)
        => Transactions.SendAsync(_timelock, ContractArtifacts.Timelock, _sender, "schedule", cancel,
            _guard.Address, BigInteger.Zero, Hex.Parse(calldata), new byte[32], salt, new BigInteger(delaySeconds));

    /// <summary>Executes a scheduled call once it is ready.</summary>
    /// <exception cref="ChainRevertException"><c>TimelockUnexpectedOperationState</c> before the delay has passed.</exception>
    public Task<TransactionReceipt> ExecuteAsync(string calldata, byte[] salt, CancellationToken cancel = default)
        => Transactions.SendAsync(_timelock, ContractArtifacts.Timelock, _sender, "execute", cancel,
            _guard.Address, BigInteger.Zero, Hex.Parse(calldata), new byte[32], salt);
}
