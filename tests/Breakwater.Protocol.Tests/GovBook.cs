using Breakwater.Crypto;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>An engine with governance: 5 watchers (k = 3), council 2-of-3, one guardian, DAO 2-of-3, real secp256k1 keys.</summary>
internal sealed class GovBook
{
    public static readonly GovernanceDomain Domain = new("Breakwater", "1", 31337, Address.Parse("0x00000000000000000000000000000000000b7ea0"));
    public readonly byte[][] Watchers = Keys(5, 10);
    public readonly byte[][] Council = Keys(3, 20);
    public readonly byte[][] Guardians = Keys(1, 30);
    public readonly byte[][] Dao = Keys(3, 40);
    public readonly byte[][] Strangers = Keys(3, 90);
    public readonly byte[][] Peers = Keys(1, 70);
    public TestBook Book { get; }
    public ProtocolEngine Engine => Book.Engine;
    private readonly Eip712 _eip = new(EthereumVerifier.Instance);
    private long _nonce;

    private static byte[][] Keys(int n, int seed) => Enumerable.Range(seed, n).Select(i => Keccak.Hash(BitConverter.GetBytes(i))).ToArray();

    private static RoleSet Set(byte[][] keys, int k) => RoleSet.Create(k, keys.Select(x => Address.FromBytes(Secp256k1.AddressOf(x))));

    public GovBook()
    {
        Book = new TestBook(new MarketParams(), 100, new ProtocolEngine(EthereumVerifier.Instance));
        Book.Ok(new ConfigureGovernance(new GovernanceConfig
        {
            Domain = Domain, Watchers = Set(Watchers, 3), Council = Set(Council, 2), Guardians = Set(Guardians, 1), Dao = Set(Dao, 2), Peers = Set(Peers, 1),
            TimelockDelaySeconds = 3_600, MaxPauseSeconds = 7_200, AttestationWindowSeconds = 300, MaxWatcherActionSeconds = 900,
        }));
    }

    public byte[] Sign(byte[] structHash, byte[] key, GovernanceDomain? domain = null)
        => Secp256k1.Sign(_eip.SigningHash(domain ?? Domain, structHash), key);

    public long Expiry => Book.Time + 600;
    public long NextNonce() => ++_nonce;

    public static readonly byte[] Incident = Keccak.Hash("oracle-divergence:BTC"u8);

    public SubmitAttestation Attestation(byte[] key, int level = 3, long? nonce = null, long? expiry = null, GovernanceDomain? domain = null, int market = TestBook.Btc)
    {
        var m = new AttestationMessage(market, level, Incident, 600, nonce ?? NextNonce(), expiry ?? Expiry);
        return new SubmitAttestation(m, Sign(m.StructHash(_eip), key, domain));
    }

    public SubmitPause Pause(Role role, PauseFlags flags, long duration, params byte[][] keys) => Pause(role, flags, duration, Expiry, keys);

    /// <summary>A protocol-wide (market −1) pause message.</summary>
    public SubmitPause GlobalPause(Role role, PauseFlags flags, long duration, params byte[][] keys)
    {
        var m = new PauseMessage(-1, flags, duration, NextNonce(), Expiry);
        return new SubmitPause(role, m, keys.Select(k => Sign(m.StructHash(_eip), k)).ToList());
    }

    public SubmitPause Pause(Role role, PauseFlags flags, long duration, long expiry, params byte[][] keys)
    {
        var m = new PauseMessage(TestBook.Btc, flags, duration, NextNonce(), expiry);
        return new SubmitPause(role, m, keys.Select(k => Sign(m.StructHash(_eip), k)).ToList());
    }

    public (QueueOperation Tx, byte[] Id) Proposal(DaoOperationKind kind, byte[] payload, params byte[][] keys)
    {
        var m = new ProposalMessage(kind, payload, NextNonce(), Book.Time + 3_600);
        var hash = m.StructHash(_eip);
        return (new QueueOperation(m, keys.Select(k => Sign(hash, k)).ToList()), hash);
    }

    public SubmitThreatSignal Signal(byte[] key, int level = 3, long sequence = 1, GovernanceDomain? receiver = null)
    {
        var m = new ThreatSignalMessage("BREAKWATER-ORACLE-DIVERGENCE", TestBook.Btc, level, 3, sequence, Expiry, "eip155:1");
        return new SubmitThreatSignal(m, Sign(m.StructHash(_eip), key, ThreatSignalMessage.DomainFor(receiver ?? Domain)));
    }

    public SubmitVeto Veto(byte[] operation, params byte[][] keys)
    {
        var m = new VetoMessage(operation, NextNonce(), Expiry);
        return new SubmitVeto(m, keys.Select(k => Sign(m.StructHash(_eip), k)).ToList());
    }

    /// <summary>Queues (with two DAO signatures) a SetRoles giving <paramref name="role"/> to the first stranger; returns the operation id.</summary>
    public byte[] QueueRoleChange(Role role)
    {
        var w = new CanonicalWriter().U8((byte)role);
        RoleSet.Create(1, Strangers.Take(1).Select(k => Address.FromBytes(Secp256k1.AddressOf(k)))).Write(w);
        var (queue, id) = Proposal(DaoOperationKind.SetRoles, w.ToArray(), Dao[0], Dao[1]);
        Book.Ok(queue);
        return id;
    }

    public CancelOperation Cancel(byte[] operation, params byte[][] keys)
    {
        var m = new CancelMessage(operation, NextNonce(), Expiry);
        return new CancelOperation(m, keys.Select(k => Sign(m.StructHash(_eip), k)).ToList());
    }

    public static byte[] ParamsPayload(MarketParams p)
    {
        var w = new CanonicalWriter().I32(TestBook.Btc);
        p.Write(w);
        return w.ToArray();
    }

    public static byte[] UnpausePayload(PauseFlags flags) => new CanonicalWriter().I32(TestBook.Btc).U8((byte)flags).ToArray();
}
