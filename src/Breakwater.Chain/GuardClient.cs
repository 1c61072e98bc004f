using System.Numerics;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Markets;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace Breakwater.Chain;

/// <summary>
/// Breakwater's guard contract on a chain, spoken to over JSON-RPC with Nethereum (ABI encoding, EIP-1559 transactions
/// signed by the sender's key). Sends watcher attestations, council and guardian pauses, and reads levels and flags.
/// Every refusal by the chain surfaces as <see cref="ChainRevertException"/> with the contract's error name.
/// </summary>
public sealed class GuardClient
{
    private readonly Web3 _web3;
    private readonly Contract _guard;

    /// <param name="rpcUrl">The node's JSON-RPC URL.</param>
    /// <param name="guard">The guard's address.</param>
    /// <param name="sender">The key that pays for transactions (a watcher's own key for its attestations).</param>
    /// <param name="chainId">The chain's id (<c>eth_chainId</c>; see <see cref="ChainIdAsync"/>).</param>
    public GuardClient(string rpcUrl, Address guard, KeyFile sender, long chainId)
    {
        _web3 = Connect(rpcUrl, sender, chainId);
        Address = guard;
        Sender = sender.Address;
        ChainId = chainId;
        _guard = _web3.Eth.GetContract(ContractArtifacts.Guard.Abi, guard.Hex);
    }

    /// <summary>The guard's address.</summary>
    public Address Address { get; }

    /// <summary>The transaction sender.</summary>
    public Address Sender { get; }

    /// <summary>The chain's id.</summary>
    public long ChainId { get; }

    /// <summary>The EIP-712 domain every message to this guard is signed under: "Breakwater", "1", the chain's id, the guard.</summary>
    public GovernanceDomain Domain => DomainOf(ChainId, Address);

    /// <summary>The domain of a guard at <paramref name="guard"/> on chain <paramref name="chainId"/>.</summary>
    public static GovernanceDomain DomainOf(long chainId, Address guard) => new("Breakwater", "1", chainId, guard);

    /// <summary>
    /// A Nethereum connection whose transactions <paramref name="sender"/> signs (EIP-1559). The nonce is asked of the
    /// chain for every transaction rather than counted in memory: after a reorg drops a sent transaction, a counted
    /// nonce would run ahead of the chain and the next transaction would never be mined.
    /// </summary>
    internal static Web3 Connect(string rpcUrl, KeyFile sender, long chainId)
    {
        var account = new Nethereum.Web3.Accounts.Account(Hex.Format(sender.PrivateKey), chainId) { NonceService = null };
        return new Web3(account, rpcUrl) { TransactionManager = { UseLegacyAsDefault = false } };
    }

    /// <summary>The chain id the node at <paramref name="rpcUrl"/> reports.</summary>
    public static async Task<long> ChainIdAsync(string rpcUrl)
        => (long)(await new Web3(rpcUrl).Eth.ChainId.SendRequestAsync()).Value;

    /// <summary>Signs an attestation with a watcher's key under this guard's domain: r ‖ s ‖ v, 65 bytes, low s.</summary>
    public byte[] Sign(KeyFile watcher, AttestationMessage m) => SignTyped(GovernanceTypedData.Of(Domain, m), watcher);

    /// <summary>Signs a pause with a council member's or guardian's key under this guard's domain.</summary>
    public byte[] Sign(KeyFile signer, PauseMessage m) => SignTyped(GovernanceTypedData.Of(Domain, m), signer);

    private static byte[] SignTyped(System.Text.Json.Nodes.JsonObject typedData, KeyFile key)
    {
        var bundle = new SignedBundle { Role = Role.Watcher, TypedData = typedData };
        bundle.Sign(key);
        return Hex.Parse(bundle.Signatures[0]);
    }

    /// <summary>Submits one watcher's signed attestation.</summary>
    /// <exception cref="ChainRevertException">expired, replayed, not a watcher's signature, a high s, a bad level or duration.</exception>
    public Task<TransactionReceipt> AttestAsync(AttestationMessage m, byte[] signature, CancellationToken cancel = default)
        => SendAsync("attest", cancel, new BigInteger(m.Market), new BigInteger(m.Level), m.Incident, new BigInteger(m.DurationSeconds),
            new BigInteger(m.Nonce), new BigInteger(m.Expiry), signature);

    /// <summary>Submits a council pause with its signatures (sorted here by signer, as the guard requires).</summary>
    /// <exception cref="ChainRevertException">too few council signatures, expired, replayed, flags or duration out of bounds.</exception>
    public Task<TransactionReceipt> CouncilPauseAsync(PauseMessage m, IEnumerable<byte[]> signatures, CancellationToken cancel = default)
    {
        var digest = TypedData.Parse(GovernanceTypedData.Of(Domain, m).ToJsonString()).SigningHash();
        var sorted = signatures.OrderBy(s => Hex.Format(Secp256k1.Recover(digest, s) ?? []), StringComparer.Ordinal).ToList();
        return SendAsync("councilPause", cancel, new BigInteger(m.Market), (byte)m.Flags, new BigInteger(m.DurationSeconds), new BigInteger(m.Nonce),
            new BigInteger(m.Expiry), sorted);
    }

    /// <summary>Submits one guardian's pause.</summary>
    public Task<TransactionReceipt> GuardianPauseAsync(PauseMessage m, byte[] signature, CancellationToken cancel = default)
        => SendAsync("guardianPause", cancel, new BigInteger(m.Market), (byte)m.Flags, new BigInteger(m.DurationSeconds), new BigInteger(m.Nonce),
            new BigInteger(m.Expiry), signature);

    /// <summary>The market's level in force, 0–3.</summary>
    public async Task<int> LevelOfAsync(int market) => await CallAsync<byte>("levelOf", new BigInteger(market));

    /// <summary>The pause flags in force for the market (its own and protocol-wide).</summary>
    public async Task<PauseFlags> PausedFlagsAsync(int market) => (PauseFlags)await CallAsync<byte>("pausedFlags", new BigInteger(market));

    /// <summary>Whether <paramref name="op"/> (one flag) may run on the market now.</summary>
    public Task<bool> AllowsAsync(int market, PauseFlags op) => CallAsync<bool>("allows", new BigInteger(market), (byte)op);

    /// <summary>When <paramref name="watcher"/>'s attestation of (market, level, incident) was recorded, unix s (0: never).</summary>
    public async Task<long> AttestedAtAsync(int market, int level, byte[] incident, Address watcher)
        => (long)await CallAsync<BigInteger>("attestedAt", new BigInteger(market), new BigInteger(level), incident, watcher.Hex);

    private async Task<T> CallAsync<T>(string function, params object[] args)
    {
        try { return await _guard.GetFunction(function).CallAsync<T>(args); }
        catch (Exception e) when (ChainRevertException.IsRevert(e)) { throw ChainRevertException.From(ContractArtifacts.Guard, function, e); }
    }

    private Task<TransactionReceipt> SendAsync(string function, CancellationToken cancel, params object[] args)
        => Transactions.SendAsync(_guard, ContractArtifacts.Guard, Sender, function, cancel, args);
}
