using Breakwater.Protocol.Access;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Transactions;

/// <summary>Switches the protocol to signed mode; accepted once, before any account exists (genesis).</summary>
/// <param name="Config">Domain, bridge signers and reporter keys.</param>
public sealed record ConfigureAccess(AccessConfig Config) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.ConfigureAccess;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => Config.Write(w);
}

/// <summary>A deposit credited by the bridge: k-of-n bridge signatures over a <see cref="DepositMessage"/>.</summary>
/// <param name="Message">The deposit.</param>
/// <param name="Signatures">65-byte r‖s‖v signatures of bridge members.</param>
public sealed record BridgeDeposit(DepositMessage Message, IReadOnlyList<byte[]> Signatures) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.BridgeDeposit;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        w.Str(Message.Account.Hex).I64(Message.Amount).I64(Message.DepositId).I64(Message.Expiry);
        GovernanceCodec.WriteSignatures(w, Signatures);
    }
}

/// <summary>A withdrawal signed by the account's address.</summary>
/// <param name="Message">The withdrawal.</param>
/// <param name="Signature">65-byte r‖s‖v.</param>
public sealed record SignedWithdraw(WithdrawMessage Message, byte[] Signature) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.SignedWithdraw;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
        => w.Str(Message.Account.Hex).I64(Message.Amount).I64(Message.Nonce).I64(Message.Expiry).Bytes(Signature);
}

/// <summary>
/// A trade from two signed fill-or-kill orders of the same size and market, one buying and one selling, matched by anyone
/// (the node's users or a market maker) at <paramref name="Price"/>: between the seller's limit and the buyer's, and within
/// the market's price band around the mark.
/// </summary>
/// <param name="Buy">The buy order.</param>
/// <param name="BuySignature">65-byte signature of the buyer.</param>
/// <param name="Sell">The sell order.</param>
/// <param name="SellSignature">65-byte signature of the seller.</param>
/// <param name="Price">Fill price, 1e-8 USD.</param>
public sealed record MatchOrders(OrderMessage Buy, byte[] BuySignature, OrderMessage Sell, byte[] SellSignature, long Price) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.MatchOrders;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        SignedTxCodec.Write(w, Buy);
        w.Bytes(BuySignature);
        SignedTxCodec.Write(w, Sell);
        w.Bytes(SellSignature).I64(Price);
    }
}

/// <summary>An oracle report signed by the source's registered reporter key.</summary>
/// <param name="Message">The report.</param>
/// <param name="Signature">65-byte r‖s‖v.</param>
public sealed record SignedOracleReport(ReportMessage Message, byte[] Signature) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.SignedOracleReport;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
        => w.I32(Message.Market).I32(Message.Source).I64(Message.Price).I64(Message.Timestamp).Bytes(Signature);
}

/// <summary>A liquidation signed by the liquidating account's address.</summary>
/// <param name="Message">The liquidation.</param>
/// <param name="Signature">65-byte r‖s‖v.</param>
public sealed record SignedLiquidate(LiquidationMessage Message, byte[] Signature) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.SignedLiquidate;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        var m = Message;
        w.Str(m.Liquidator.Hex).I64(m.Account).I32(m.Market).I64(m.FillPrice).I64(m.Nonce).I64(m.Expiry).Bytes(Signature);
    }
}

internal static class SignedTxCodec
{
    public static void Write(CanonicalWriter w, OrderMessage o)
        => w.Str(o.Account.Hex).I32(o.Market).Bool(o.IsBuy).I64(o.Size).I64(o.LimitPrice).I64(o.Nonce).I64(o.Expiry);

    private static OrderMessage ReadOrder(CanonicalReader r) => new(Address.Parse(r.Str()), r.I32(), r.Bool(), r.I64(), r.I64(), r.I64(), r.I64());

    public static Transaction Read(TxKind kind, CanonicalReader r) => kind switch
    {
        TxKind.ConfigureAccess => new ConfigureAccess(AccessConfig.Read(r)),
        TxKind.BridgeDeposit => new BridgeDeposit(new DepositMessage(Address.Parse(r.Str()), r.I64(), r.I64(), r.I64()), GovernanceCodec.ReadSignatures(r)),
        TxKind.SignedWithdraw => new SignedWithdraw(new WithdrawMessage(Address.Parse(r.Str()), r.I64(), r.I64(), r.I64()), r.Bytes()),
        TxKind.MatchOrders => new MatchOrders(ReadOrder(r), r.Bytes(), ReadOrder(r), r.Bytes(), r.I64()),
        TxKind.SignedOracleReport => new SignedOracleReport(new ReportMessage(r.I32(), r.I32(), r.I64(), r.I64()), r.Bytes()),
        TxKind.SignedLiquidate => new SignedLiquidate(new LiquidationMessage(Address.Parse(r.Str()), r.I64(), r.I32(), r.I64(), r.I64(), r.I64()), r.Bytes()),
        _ => throw new FormatException($"unknown transaction kind {(byte)kind}"),
    };
}
