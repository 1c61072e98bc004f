using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;

namespace Breakwater.Protocol.Transactions;

/// <summary>Decodes the canonical encoding written by <see cref="Transaction.Write"/>.</summary>
public static class TxCodec
{
    /// <summary>Decodes one transaction.</summary>
    /// <exception cref="FormatException">unknown kind, truncated data or trailing bytes.</exception>
    public static Transaction Decode(ReadOnlyMemory<byte> bytes)
    {
        var r = new CanonicalReader(bytes);
        var kind = (TxKind)r.U8();
        var time = r.I64();
        Transaction tx = kind switch
        {
            TxKind.CreateMarket => ReadCreateMarket(r),
            TxKind.Deposit => new Deposit(r.I64(), new(r.I64())),
            TxKind.Withdraw => new Withdraw(r.I64(), new(r.I64())),
            TxKind.FundInsurance => new FundInsurance(new(r.I64())),
            TxKind.Trade => new Trade(r.I32(), r.I64(), r.I64(), new(r.I64()), new(r.I64())),
            TxKind.OracleReport => new OracleReport(r.I32(), r.I32(), new(r.I64())),
            TxKind.Liquidate => new Liquidate(r.I64(), r.I32(), r.I64(), new(r.I64())),
            TxKind.ConfigureMarketWideBreaker => new ConfigureMarketWideBreaker(Guards.MarketWideParams.Read(r)),
            TxKind.Tick => new Tick(),
            >= TxKind.ConfigureAccess and <= TxKind.SignedLiquidate => SignedTxCodec.Read(kind, r),
            _ => GovernanceCodec.Read(kind, r),
        };
        if (!r.AtEnd) throw new FormatException($"trailing bytes after a {kind} transaction");
        return tx with { Time = time };
    }

    private static CreateMarket ReadCreateMarket(CanonicalReader r)
    {
        var id = r.I32();
        var symbol = r.Str();
        var price = r.I64();
        return new CreateMarket(id, symbol, MarketParams.Read(r), new(price));
    }
}
