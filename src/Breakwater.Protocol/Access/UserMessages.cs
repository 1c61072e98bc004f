using Breakwater.Protocol.Governance;

namespace Breakwater.Protocol.Access;

/// <summary>
/// The EIP-712 schemas of the messages that move value in signed mode. Amounts are integers in the core's units so a
/// wallet shows exactly what is signed: USD at 1e-6, prices at 1e-8 USD, sizes at 1e-8 base units. Account messages
/// carry the signer's next nonce and an expiry (unix seconds, at most a day ahead); a report carries its timestamp.
/// </summary>
public static class UserMessageTypes
{
    /// <summary>A bridge credit of <c>amount</c> to <c>account</c> (the zero address credits the insurance fund), by the bridge's increasing deposit id.</summary>
    public const string Deposit = "Deposit(address account,uint256 amount,uint256 depositId,uint256 expiry)";

    /// <summary>A withdrawal by the account owner.</summary>
    public const string Withdraw = "Withdraw(address account,uint256 amount,uint256 nonce,uint256 expiry)";

    /// <summary>A fill-or-kill order: buy or sell exactly <c>size</c> at <c>limitPrice</c> or better.</summary>
    public const string Order = "Order(address account,uint256 market,bool isBuy,uint256 size,uint256 limitPrice,uint256 nonce,uint256 expiry)";

    /// <summary>One oracle source's price at a time, signed by the source's reporter key.</summary>
    public const string OracleReport = "OracleReport(uint256 market,uint256 source,uint256 price,uint256 timestamp)";

    /// <summary>A liquidation of <c>account</c> in <c>market</c>, taken over by the signer at <c>fillPrice</c>.</summary>
    public const string Liquidation = "Liquidation(address liquidator,uint256 account,uint256 market,uint256 fillPrice,uint256 nonce,uint256 expiry)";
}

/// <summary>A bridge deposit.</summary>
/// <param name="Account">Receiving address; the zero address means the insurance fund.</param>
/// <param name="Amount">1e-6 USD, &gt; 0.</param>
/// <param name="DepositId">The bridge's deposit id, larger than every id credited before.</param>
/// <param name="Expiry">Unix seconds.</param>
public sealed record DepositMessage(Address Account, long Amount, long DepositId, long Expiry)
{
    /// <summary>The zero address: a deposit to it funds the insurance fund.</summary>
    public static readonly Address InsuranceFund = Address.Parse("0x0000000000000000000000000000000000000000");

    /// <summary>hashStruct.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(UserMessageTypes.Deposit, Eip712.Word(Account), Eip712.Word(Amount), Eip712.Word(DepositId), Eip712.Word(Expiry));
}

/// <summary>A signed withdrawal.</summary>
/// <param name="Account">The owner's address (must be the signer).</param>
/// <param name="Amount">1e-6 USD, &gt; 0.</param>
/// <param name="Nonce">Larger than the address's last nonce.</param>
/// <param name="Expiry">Unix seconds.</param>
public sealed record WithdrawMessage(Address Account, long Amount, long Nonce, long Expiry)
{
    /// <summary>hashStruct.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(UserMessageTypes.Withdraw, Eip712.Word(Account), Eip712.Word(Amount), Eip712.Word(Nonce), Eip712.Word(Expiry));
}

/// <summary>A signed fill-or-kill order.</summary>
/// <param name="Account">The owner's address (must be the signer).</param>
/// <param name="Market">Market id.</param>
/// <param name="IsBuy">True to buy.</param>
/// <param name="Size">1e-8 base units, &gt; 0; filled whole or not at all.</param>
/// <param name="LimitPrice">1e-8 USD: the highest a buyer pays, the lowest a seller accepts.</param>
/// <param name="Nonce">Larger than the address's last nonce.</param>
/// <param name="Expiry">Unix seconds.</param>
public sealed record OrderMessage(Address Account, int Market, bool IsBuy, long Size, long LimitPrice, long Nonce, long Expiry)
{
    /// <summary>hashStruct.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(UserMessageTypes.Order, Eip712.Word(Account), Eip712.Word(Market), Eip712.Word(IsBuy ? 1 : 0),
        Eip712.Word(Size), Eip712.Word(LimitPrice), Eip712.Word(Nonce), Eip712.Word(Expiry));
}

/// <summary>A signed oracle report.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Source">Source id.</param>
/// <param name="Price">1e-8 USD.</param>
/// <param name="Timestamp">When the reporter observed the price, unix seconds: later than its last report, not after the transaction's time, and within the market's maximum report age.</param>
public sealed record ReportMessage(int Market, int Source, long Price, long Timestamp)
{
    /// <summary>hashStruct.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(UserMessageTypes.OracleReport, Eip712.Word(Market), Eip712.Word(Source), Eip712.Word(Price), Eip712.Word(Timestamp));
}

/// <summary>A signed liquidation (liquidations stay permissionless: any bound account may liquidate).</summary>
/// <param name="Liquidator">The liquidator's address (must be the signer).</param>
/// <param name="Account">Account id to liquidate.</param>
/// <param name="Market">Market id.</param>
/// <param name="FillPrice">1e-8 USD.</param>
/// <param name="Nonce">Larger than the liquidator's last nonce.</param>
/// <param name="Expiry">Unix seconds.</param>
public sealed record LiquidationMessage(Address Liquidator, long Account, int Market, long FillPrice, long Nonce, long Expiry)
{
    /// <summary>hashStruct.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(UserMessageTypes.Liquidation, Eip712.Word(Liquidator), Eip712.Word(Account), Eip712.Word(Market),
        Eip712.Word(FillPrice), Eip712.Word(Nonce), Eip712.Word(Expiry));
}
