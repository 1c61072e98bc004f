using Breakwater.Crypto;
using Breakwater.Protocol.Access;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>
/// A signed-mode engine: one BTC market at 10,000 (the plain clearing house), a 2-of-3 bridge, one reporter key for
/// source 0, and user keys. Messages are signed through the generic EIP-712 JSON encoder (what a wallet signs), so every
/// accepted message also checks that the core's fixed-schema encoding agrees with it.
/// </summary>
internal sealed class SignedBook
{
    public static readonly GovernanceDomain Domain = new("Breakwater", "1", 31337, Address.Parse("0x00000000000000000000000000000000000b7ea0"));
    public readonly KeyFile[] Bridge = Keys(3, 500);
    public readonly KeyFile Reporter = Keys(1, 600)[0];
    public readonly KeyFile[] Users = Keys(4, 700);
    public TestBook Book { get; }

    private static KeyFile[] Keys(int n, int seed) => Enumerable.Range(seed, n).Select(i => KeyFile.FromPrivateKey(Keccak.Hash(BitConverter.GetBytes(i)))).ToArray();

    public SignedBook()
    {
        Book = new TestBook(TestBook.Plain(), 10_000, new Engine.ProtocolEngine(EthereumVerifier.Instance));
        Book.Ok(new ConfigureAccess(new AccessConfig(Domain, RoleSet.Create(2, Bridge.Select(k => k.Address)), [new ReporterKey(TestBook.Btc, 0, Reporter.Address)])));
    }

    public long Expiry => Book.Time + 600;

    public static byte[] Sign(object message, KeyFile key, GovernanceDomain? domain = null) => UserTypedData.Sign(domain ?? Domain, message, key);

    public BridgeDeposit Deposit(Address to, long dollars, long? depositId = null, params KeyFile[] signers)
    {
        var m = new DepositMessage(to, dollars * Usd.Scale, depositId ?? Book.Engine.State.Access.LastDepositId + 1, Expiry);
        return new BridgeDeposit(m, (signers.Length == 0 ? Bridge[..2] : signers).Select(k => Sign(m, k)).ToList());
    }

    /// <summary>Funds user <paramref name="i"/> through the bridge; returns its account id.</summary>
    public long Fund(int i, long dollars)
    {
        Book.Ok(Deposit(Users[i].Address, dollars));
        return Book.Engine.State.Access.AccountOf[Users[i].Address];
    }

    public SignedWithdraw Withdraw(int i, long dollars, long nonce, KeyFile? signer = null, long? expiry = null, GovernanceDomain? domain = null)
    {
        var m = new WithdrawMessage(Users[i].Address, dollars * Usd.Scale, nonce, expiry ?? Expiry);
        return new SignedWithdraw(m, Sign(m, signer ?? Users[i], domain));
    }

    public OrderMessage Order(int i, bool buy, long btc, long limit, long nonce)
        => new(Users[i].Address, TestBook.Btc, buy, btc * Size.Scale, Price.FromDollars(limit).Units, nonce, Expiry);

    public MatchOrders Match(OrderMessage buy, OrderMessage sell, long price, KeyFile? buySigner = null)
        => new(buy, Sign(buy, buySigner ?? Users.First(u => u.Address == buy.Account)), sell, Sign(sell, Users.First(u => u.Address == sell.Account)), Price.FromDollars(price).Units);

    public SignedOracleReport Report(long price, long timestamp, KeyFile? signer = null, int source = 0)
    {
        var m = new ReportMessage(TestBook.Btc, source, Price.FromDollars(price).Units, timestamp);
        return new SignedOracleReport(m, Sign(m, signer ?? Reporter));
    }
}
