using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Margin;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Protocol.Transactions;
using static Breakwater.Protocol.Engine.ApplyContext;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Settles matched fills. A side is accepted if it meets initial margin afterwards, or if the fill only
/// reduces its position and leaves its equity non-negative (a bankrupt account goes through liquidation).
/// Reducing is allowed in every status but settlement, halts included, and under every oracle grade (the mark in
/// force is the last confirmed price): lowering risk only ever helps the protocol.
/// </summary>
internal static class TradeHandler
{
    public static Rejection? Settle(ApplyContext ctx, Trade tx)
    {
        if (ctx.State.MarketOrNull(tx.MarketId) is not { } m) return Reject(RejectReason.UnknownMarket, $"market {tx.MarketId} does not exist");
        if (ctx.State.AccountOrNull(tx.Buyer) is not { } buyer) return Reject(RejectReason.UnknownAccount, $"buyer account {tx.Buyer} does not exist");
        if (ctx.State.AccountOrNull(tx.Seller) is not { } seller) return Reject(RejectReason.UnknownAccount, $"seller account {tx.Seller} does not exist");
        if (tx.Buyer == tx.Seller) return Reject(RejectReason.SelfTrade, $"account {tx.Buyer} is on both sides");
        if (tx.Size.Units <= 0 || tx.Size.Units > Size.MaxUnits || tx.Size.Units % m.Params.StepSize.Units != 0)
            return Reject(RejectReason.InvalidSize, $"size {tx.Size} must be positive, at most 1e10 and a multiple of the step {m.Params.StepSize}");
        if (!tx.Price.IsValid || tx.Price.Units % m.Params.TickSize.Units != 0)
            return Reject(RejectReason.InvalidPrice, $"price {tx.Price} must be in (0, 1e10] and a multiple of the tick {m.Params.TickSize}");
        if ((Int128)tx.Size.Units * tx.Price.Units / Notional.Divisor > Usd.MaxAmountMicros)
            return Reject(RejectReason.InvalidSize, $"notional of {tx.Size} at {tx.Price} exceeds 1e12 USD");
        if (m.Status == MarketStatus.Settlement) return Reject(RejectReason.MarketSettled, $"market {m.Symbol} is settled");

        var buyerCheck = CheckSide(ctx, m, buyer, tx.Size, "buyer");
        if (buyerCheck.Rejection is { } rb) return rb;
        var sellerCheck = CheckSide(ctx, m, seller, -tx.Size, "seller");
        if (sellerCheck.Rejection is { } rs) return rs;

        var oiAfter = m.OpenInterest.Units + LongDelta(buyer, m.Id, tx.Size) + LongDelta(seller, m.Id, -tx.Size);
        if (oiAfter > m.OpenInterest.Units && oiAfter > m.EffectiveOpenInterestCap.Units)
            return Reject(RejectReason.OpenInterestCap, $"open interest would be {new Size(oiAfter)} above the cap in force {m.EffectiveOpenInterestCap} (level {m.Ladder.Level})");

        var cash = PositionMath.Cash(tx.Size, tx.Price);
        var fee = m.Params.TradingFeeFraction.Of(cash, Rounding.Ceiling);
        var buyerReject = Simulate(ctx, m, buyer, tx.Size, cash, fee, buyerCheck.Reducing, "buyer");
        if (buyerReject is not null) return buyerReject;
        var sellerReject = Simulate(ctx, m, seller, -tx.Size, cash, fee, sellerCheck.Reducing, "seller");
        if (sellerReject is not null) return sellerReject;

        ctx.Committing = true;
        ctx.Fill(buyer, m, tx.Size, cash);
        ctx.Fill(seller, m, -tx.Size, cash);
        buyer.Collateral -= fee;
        seller.Collateral -= fee;
        var totalFee = fee + fee;
        var toInsurance = m.Params.InsuranceFundFeeShare.Of(totalFee, Rounding.Floor);
        ctx.State.InsuranceFund += toInsurance;
        ctx.State.FeePool += totalFee - toInsurance;
        ctx.Touch(buyer);
        ctx.Touch(seller);
        ctx.Emit(new TradeSettledValue(m.Id, tx.Buyer, tx.Seller, tx.Size, tx.Price, fee, fee));
        return null;
    }

    private static long LongDelta(Account a, int market, Size delta)
    {
        var before = a.PositionIn(market)?.Size.Units ?? 0;
        return Math.Max(0, before + delta.Units) - Math.Max(0, before);
    }

    private readonly record struct SideCheck(bool Reducing, Rejection? Rejection);

    private static SideCheck CheckSide(ApplyContext ctx, Market m, Account a, Size delta, string side)
    {
        var current = a.PositionIn(m.Id)?.Size ?? Size.Zero;
        var reducing = PositionMath.IsReducing(current, delta);
        var paused = ctx.State.PausedAt(m, ctx.Now);
        if (!reducing)
        {
            if (m.Status == MarketStatus.Halted)
                return new(false, Reject(RejectReason.MarketHalted, $"market {m.Symbol} is halted and the {side} (account {a.Id}) would increase its position; reducing stays open"));
            if (m.Status == MarketStatus.ReduceOnly)
                return new(false, Reject(RejectReason.MarketReduceOnly, $"market {m.Symbol} is reduce-only and the {side} (account {a.Id}) would increase its position"));
            if ((paused & PauseFlags.Open) != 0) return new(false, Reject(RejectReason.Paused, $"opening positions in {m.Symbol} is paused"));
            if (!OraclePermissions.Allows(m.Validity, OracleOperation.Open))
                return new(false, Reject(RejectReason.OracleInvalid, $"market {m.Symbol} oracle is {m.Validity}: no new risk"));
        }
        else
        {
            if ((paused & PauseFlags.Reduce) != 0) return new(true, Reject(RejectReason.Paused, $"reducing positions in {m.Symbol} is paused"));
            if (!OraclePermissions.Allows(m.Validity, OracleOperation.Reduce))
                return new(true, Reject(RejectReason.OracleInvalid, $"market {m.Symbol} oracle is {m.Validity}: positions cannot be valued"));
        }
        return new(reducing, null);
    }

    private static Rejection? Simulate(ApplyContext ctx, Market m, Account a, Size delta, Usd cash, Usd fee, bool reducing, string side)
    {
        var after = MarginCalculator.AfterFill(a, ctx.Markets, m.Id, delta, cash, -fee);
        if (reducing && after.Equity.Micros >= 0) return null;
        if (!reducing && m.Params.DepositMaturitySeconds > 0 && a.ImmatureAt(ctx.Now) is { Micros: > 0 } immature && after.MeetsInitial
            && after.Equity - immature < after.InitialRequirement)
            return Reject(RejectReason.CollateralNotMature,
                $"{side} account {a.Id}: without the {immature} deposited in the last {m.Params.DepositMaturitySeconds} s (matures at {a.MaturesAt}) equity would be below initial margin {after.InitialRequirement}");
        if (after.MeetsInitial) return null;
        return Reject(RejectReason.InsufficientMargin,
            $"{side} account {a.Id}: equity {after.Equity} would be below initial margin {after.InitialRequirement}");
    }
}
