using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Liquidation;
using Breakwater.Protocol.Margin;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Protocol.Transactions;
using static Breakwater.Protocol.Engine.ApplyContext;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Liquidation and the default waterfall. A fill no worse than the bankruptcy price closes just enough
/// to restore initial margin (all of it when the position is small); the fee goes to the insurance fund.
/// A fill worse than the bankruptcy price closes everything: as much at the fill as the insurance fund
/// can absorb, the minimum rest by ADL at the bankruptcy price, and whatever no one can cover is
/// recorded as socialized loss.
/// </summary>
internal static class LiquidationHandler
{
    /// <summary>Why no account of <paramref name="m"/> can be liquidated at <paramref name="now"/>, or null when liquidations may run.</summary>
    public static Rejection? MarketBlocks(ProtocolState s, Market m, long now)
    {
        if (m.Status == MarketStatus.Settlement) return Reject(RejectReason.MarketSettled, $"market {m.Symbol} is settled");
        if (m.Status == MarketStatus.Halted && !m.Params.LiquidateWhenHalted) return Reject(RejectReason.MarketHalted, $"market {m.Symbol} is halted and liquidations wait");
        if (s.PausedAt(m, now).HasFlag(PauseFlags.Liquidate)) return Reject(RejectReason.Paused, $"liquidations in {m.Symbol} are paused");
        if (!OraclePermissions.Allows(m.Validity, OracleOperation.Liquidate)) return Reject(RejectReason.OracleInvalid, $"market {m.Symbol} oracle is {m.Validity}: no liquidation on this price");
        return null;
    }

    public static Rejection? Liquidate(ApplyContext ctx, Liquidate tx)
    {
        var s = ctx.State;
        if (s.MarketOrNull(tx.MarketId) is not { } m) return Reject(RejectReason.UnknownMarket, $"market {tx.MarketId} does not exist");
        if (s.AccountOrNull(tx.Account) is not { } account) return Reject(RejectReason.UnknownAccount, $"account {tx.Account} does not exist");
        if (s.AccountOrNull(tx.Liquidator) is not { } liquidator) return Reject(RejectReason.UnknownAccount, $"liquidator account {tx.Liquidator} does not exist");
        if (tx.Account == tx.Liquidator) return Reject(RejectReason.SelfTrade, $"account {tx.Account} cannot liquidate itself");
        if (!tx.FillPrice.IsValid || tx.FillPrice.Units % m.Params.TickSize.Units != 0)
            return Reject(RejectReason.InvalidPrice, $"fill price {tx.FillPrice} must be in (0, 1e10] and on the tick grid");
        if (MarketBlocks(s, m, ctx.Now) is { } blocked) return blocked;
        if (account.PositionIn(m.Id) is not { } pos) return Reject(RejectReason.NoPosition, $"account {tx.Account} has no position in {m.Symbol}");
        var margin = MarginCalculator.Compute(account, ctx.Markets);
        if (!margin.BelowMaintenance) return Reject(RejectReason.NotLiquidatable, $"account {tx.Account}: equity {margin.Equity} meets maintenance margin {margin.MaintenanceRequirement}");

        var side = pos.Size.Sign;
        var mark = m.Mark;
        var bound = m.LiquidationFillBound(side > 0);
        if (side > 0 ? tx.FillPrice < bound : tx.FillPrice > bound)
            return Reject(RejectReason.FillOutsideBound, $"fill {tx.FillPrice} is beyond the max discount from mark {mark} (bound {bound})");
        var bankruptcy = MarginCalculator.BankruptcyPrice(margin.Equity, pos.Size, mark);
        var bankrupt = side > 0 ? tx.FillPrice < bankruptcy : tx.FillPrice > bankruptcy;
        return bankrupt
            ? Waterfall(ctx, tx, m, account, liquidator, pos, bankruptcy)
            : Partial(ctx, tx, m, account, liquidator, pos, margin, bankruptcy);
    }

    private static Rejection? Partial(ApplyContext ctx, Liquidate tx, Market m, Account account, Account liquidator, Position pos, MarginSummary margin, Price bankruptcy)
    {
        var side = pos.Size.Sign;
        var step = m.Params.StepSize.Units;
        var q = PartialSize(m, pos, margin, tx.FillPrice);
        var throttle = m.Params.Ladder.LiquidationThrottlePerWindow;
        if (throttle.Micros > 0)
        {
            var room = throttle - m.LiquidatedInWindow;
            if (room.Micros <= 0) return Reject(RejectReason.LiquidationThrottled, $"market {m.Symbol} liquidated {m.LiquidatedInWindow} this window (throttle {throttle})");
            var maxUnits = FixedMath.MulDiv(room.Micros, Notional.Divisor, m.Mark.Units, Rounding.Floor);
            maxUnits -= maxUnits % step;
            if (maxUnits <= 0) return Reject(RejectReason.LiquidationThrottled, $"market {m.Symbol}: throttle room {room} is below one step");
            q = Math.Min(q, maxUnits);
        }
        var closed = new Size(-side * q);
        var cash = PositionMath.Cash(new Size(q), tx.FillPrice);

        var equityAfter = MarginCalculator.AfterFill(account, ctx.Markets, m.Id, closed, cash, Usd.Zero).Equity;
        var notionalAtMark = Notional.Of(new Size(q), m.Mark, Rounding.Ceiling);
        var fee = Usd.Min(m.Params.LiquidationFeeFraction.Of(notionalAtMark, Rounding.Ceiling), Usd.Max(Usd.Zero, equityAfter));
        if (LiquidatorCheck(ctx, m, liquidator, -closed, cash) is { } r) return r;

        ctx.Committing = true;
        ctx.Fill(account, m, closed, cash);
        ctx.Fill(liquidator, m, -closed, cash);
        account.Collateral -= fee;
        ctx.State.InsuranceFund += fee;
        m.LiquidatedInWindow += notionalAtMark;
        var full = account.PositionIn(m.Id) is null;
        ctx.Emit(new Liquidated(account.Id, m.Id, liquidator.Id, new Size(side * q), tx.FillPrice, m.Mark, bankruptcy, fee, full));
        CoverDeficit(ctx, account, m);
        ctx.Touch(account);
        ctx.Touch(liquidator);
        return null;
    }

    /// <summary>
    /// Size that restores initial margin after closing at <paramref name="fill"/>, rounded up to the step:
    /// q ≥ (IM − E) / (M·IMF − loss per unit − M·fee). All of it when the position is at or below the partial
    /// threshold, when no partial size restores IM, or when q would exceed the position.
    /// </summary>
    internal static long PartialSize(Market m, Position pos, MarginSummary margin, Price fill)
    {
        var abs = Math.Abs(pos.Size.Units);
        if (Notional.Of(pos.Size, m.Mark, Rounding.Ceiling) <= m.Params.PartialLiquidationThreshold) return abs;
        var side = pos.Size.Sign;
        var lossPerUnit = side > 0 ? m.Mark.Units - fill.Units : fill.Units - m.Mark.Units; // price units
        var imPerUnit = FixedMath.MulDiv(m.Mark.Units, m.EffectiveImf.Ppm, Fraction.Scale, Rounding.Floor);
        var feePerUnit = FixedMath.MulDiv(m.Mark.Units, m.Params.LiquidationFeeFraction.Ppm, Fraction.Scale, Rounding.Ceiling);
        var k = imPerUnit - lossPerUnit - feePerUnit;
        var shortfall = margin.InitialRequirement - margin.Equity;
        if (k <= 0) return abs;
        var q = FixedMath.Div((Int128)shortfall.Micros * Notional.Divisor, k, Rounding.Ceiling);
        var step = m.Params.StepSize.Units;
        if (q % step != 0) q += step - q % step;
        return q <= 0 || q >= abs ? abs : q;
    }

    private static Rejection? Waterfall(ApplyContext ctx, Liquidate tx, Market m, Account account, Account liquidator, Position pos, Price bankruptcy)
    {
        var s = ctx.State;
        var side = pos.Size.Sign;
        var abs = Math.Abs(pos.Size.Units);
        var step = m.Params.StepSize.Units;
        var lossPerUnit = Math.Abs(bankruptcy.Units - tx.FillPrice.Units);
        // Largest size the insurance fund can absorb when closed at the fill: floor(F / loss per unit), to the step.
        var coverable = lossPerUnit == 0 ? abs : Math.Min(abs, FixedMath.Div((Int128)s.InsuranceFund.Micros * Notional.Divisor, lossPerUnit, Rounding.Floor));
        coverable -= coverable % step;
        var minimal = abs - coverable;
        var target = minimal == 0 ? 0 : m.Params.AdlMode == AdlMode.GreedyQueue ? abs : minimal;
        // Ranking every opposite holder costs a margin computation each and a sort: only when ADL has something to take.
        var ranked = target == 0 ? [] : AdlAllocator.RankedCandidates(s.HoldersOf(m.Id).Ids(), s.Accounts, ctx.Markets, m, side, account.Id, bankruptcy);
        var shares = AdlAllocator.Allocate(ranked, target, step, m.Params.AdlMode);
        long adlTotal = 0;
        foreach (var sh in shares) adlTotal += sh.Size;
        var marketPart = abs - adlTotal;
        var marketCash = PositionMath.Cash(new Size(marketPart), tx.FillPrice);
        if (marketPart > 0 && LiquidatorCheck(ctx, m, liquidator, new Size(side * marketPart), marketCash) is { } r) return r;

        ctx.Committing = true;
        foreach (var sh in shares)
        {
            var cp = s.AccountMap[sh.Account];
            var cash = PositionMath.Cash(new Size(sh.Size), bankruptcy);
            ctx.Fill(account, m, new Size(-side * sh.Size), cash);
            ctx.Fill(cp, m, new Size(side * sh.Size), cash);
            ctx.Emit(new AutoDeleveraged(m.Id, account.Id, sh.Account, new Size(sh.Size), bankruptcy));
            ctx.Touch(cp);
        }
        if (minimal > 0 || adlTotal > 0)
            ctx.Emit(new AdlSummary(m.Id, account.Id, new Size(adlTotal), new Size(minimal),
                Notional.Of(new Size(adlTotal), bankruptcy, Rounding.Floor), Notional.Of(new Size(minimal), bankruptcy, Rounding.Floor)));
        if (marketPart > 0)
        {
            ctx.Fill(account, m, new Size(-side * marketPart), marketCash);
            ctx.Fill(liquidator, m, new Size(side * marketPart), marketCash);
        }
        var notionalAtMark = Notional.Of(new Size(abs), m.Mark, Rounding.Ceiling);
        m.LiquidatedInWindow += notionalAtMark;
        ctx.Emit(new Liquidated(account.Id, m.Id, liquidator.Id, new Size(side * abs), tx.FillPrice, m.Mark, bankruptcy, Usd.Zero, true));
        CoverDeficit(ctx, account, m);
        ctx.Touch(account);
        ctx.Touch(liquidator);
        return null;
    }

    /// <summary>Once an account holds nothing, a negative balance is covered by the insurance fund, then recorded as socialized loss.</summary>
    internal static void CoverDeficit(ApplyContext ctx, Account account, Market m)
    {
        if (account.PositionCount > 0 || account.Collateral.Micros >= 0) return;
        var s = ctx.State;
        var deficit = -account.Collateral;
        var draw = Usd.Min(deficit, s.InsuranceFund);
        if (draw.Micros > 0)
        {
            s.InsuranceFund -= draw;
            account.Collateral += draw;
            ctx.Emit(new InsuranceFundDrawn(account.Id, draw, s.InsuranceFund));
        }
        var rest = deficit - draw;
        if (rest.Micros > 0)
        {
            account.Collateral += rest;
            s.SocializedLoss += rest;
            ctx.Emit(new SocializedLossRecorded(account.Id, m.Id, rest, s.SocializedLoss));
        }
    }

    private static Rejection? LiquidatorCheck(ApplyContext ctx, Market m, Account liquidator, Size delta, Usd cash)
    {
        var after = MarginCalculator.AfterFill(liquidator, ctx.Markets, m.Id, delta, cash, Usd.Zero);
        return after.MeetsInitial ? null
            : Reject(RejectReason.LiquidatorInsufficientMargin, $"liquidator {liquidator.Id}: equity {after.Equity} would be below initial margin {after.InitialRequirement}");
    }
}
