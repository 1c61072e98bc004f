using Breakwater.Protocol.Events;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Transactions;
using static Breakwater.Protocol.Engine.ApplyContext;

namespace Breakwater.Protocol.Engine;

/// <summary>Listing of markets.</summary>
internal static class MarketHandler
{
    public static Rejection? Create(ApplyContext ctx, CreateMarket tx)
    {
        if (tx.MarketId < 0) return Reject(RejectReason.UnknownMarket, $"market id {tx.MarketId} must be ≥ 0");
        if (ctx.State.Markets.ContainsKey(tx.MarketId)) return Reject(RejectReason.DuplicateMarket, $"market id {tx.MarketId} is already listed");
        if (string.IsNullOrWhiteSpace(tx.Symbol) || tx.Symbol.Length > 32) return Reject(RejectReason.InvalidParams, "symbol must be 1–32 characters");
        if (!tx.InitialPrice.IsValid) return Reject(RejectReason.InvalidPrice, $"initial price {tx.InitialPrice} must be in (0, 1e10]");
        if (tx.Params.Validate() is { } problem) return Reject(RejectReason.InvalidParams, $"market {tx.Symbol}: {problem}");
        ctx.Committing = true;
        var market = new Market(tx.MarketId, tx.Symbol, tx.Params, tx.InitialPrice, ctx.Now) { InsuranceFundAtWindowStart = ctx.State.InsuranceFund + ctx.State.Vault };
        ctx.State.AddMarket(market);
        ctx.Emit(new MarketCreated(tx.MarketId, tx.Symbol, tx.Params, tx.InitialPrice));
        return null;
    }
}
