using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Margin;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Protocol.Transactions;
using static Breakwater.Protocol.Engine.ApplyContext;

namespace Breakwater.Protocol.Engine;

/// <summary>Deposits, withdrawals and insurance-fund contributions.</summary>
internal static class CollateralHandler
{

    public static Rejection? Deposit(ApplyContext ctx, Deposit tx)
    {
        if (tx.Account <= 0) return Reject(RejectReason.UnknownAccount, $"account id {tx.Account} must be positive");
        if (tx.Amount.Micros <= 0 || tx.Amount.Micros > Usd.MaxAmountMicros) return Reject(RejectReason.InvalidAmount, $"deposit amount {tx.Amount} must be in (0, 1e12]");
        if (ctx.State.GlobalPausedAt(ctx.Now).HasFlag(PauseFlags.Deposit)) return Reject(RejectReason.Paused, "deposits are paused");
        // Every total this deposit moves must stay in range: checked here, before anything is committed.
        if (Overflows(ctx.State.TotalDeposits, tx.Amount) || ctx.State.AccountOrNull(tx.Account) is { } existing && Overflows(existing.Collateral, tx.Amount))
            return Reject(RejectReason.ArithmeticOverflow, $"deposit {tx.Amount} would take a total past the fixed-point range");
        ctx.Committing = true;
        if (!ctx.State.AccountMap.TryGetValue(tx.Account, out var account))
            ctx.State.AccountMap[tx.Account] = account = new Account(tx.Account);
        account.Collateral += tx.Amount;
        ctx.State.TotalDeposits += tx.Amount;
        if (ctx.State.DepositMaturitySeconds is > 0 and var window)
        {
            // One running amount: a deposit inside the window restarts it for everything still maturing (never sooner).
            account.MaturingCollateral = (ctx.Now < account.MaturesAt ? account.MaturingCollateral : Usd.Zero) + tx.Amount;
            account.MaturesAt = ctx.Now + window;
        }
        ctx.Touch(account);
        ctx.Emit(new Deposited(tx.Account, tx.Amount, account.Collateral));
        return null;
    }

    public static Rejection? Withdraw(ApplyContext ctx, Withdraw tx)
    {
        if (ctx.State.AccountOrNull(tx.Account) is not { } account) return Reject(RejectReason.UnknownAccount, $"account {tx.Account} does not exist");
        if (tx.Amount.Micros <= 0 || tx.Amount.Micros > Usd.MaxAmountMicros) return Reject(RejectReason.InvalidAmount, $"withdrawal amount {tx.Amount} must be in (0, 1e12]");
        if (ctx.State.GlobalPausedAt(ctx.Now).HasFlag(PauseFlags.Withdraw)) return Reject(RejectReason.Paused, "withdrawals are paused");
        for (var i = 0; i < account.PositionCount; i++)
        {
            var m = ctx.State.Markets[account.PositionAt(i).MarketId];
            if (m.PausedAt(ctx.Now).HasFlag(PauseFlags.Withdraw))
                return Reject(RejectReason.Paused, $"withdrawals are paused for holders of market {m.Symbol}");
            if (!OraclePermissions.Allows(m.Validity, OracleOperation.Withdraw))
                return Reject(RejectReason.OracleInvalid, $"market {m.Symbol} oracle is {m.Validity}: positions there cannot be valued");
        }
        if (tx.Amount > account.Collateral)
            return Reject(RejectReason.InsufficientCollateral, $"account {tx.Account}: withdrawal {tx.Amount} exceeds collateral {account.Collateral}");
        var summary = MarginCalculator.Compute(account, ctx.Markets);
        if (tx.Amount > summary.FreeCollateral)
            return Reject(RejectReason.InsufficientCollateral, $"account {tx.Account}: withdrawal {tx.Amount} exceeds free collateral {summary.FreeCollateral}");
        var immature = account.ImmatureAt(ctx.Now);
        if (immature.Micros > 0 && tx.Amount > summary.FreeCollateral - immature)
            return Reject(RejectReason.CollateralNotMature,
                $"account {tx.Account}: {immature} was deposited less than {ctx.State.DepositMaturitySeconds} s ago and matures at {account.MaturesAt}; withdrawable now {Usd.Max(summary.FreeCollateral - immature, Usd.Zero)}");
        if (Overflows(ctx.State.TotalWithdrawals, tx.Amount)) return Reject(RejectReason.ArithmeticOverflow, "total withdrawals would leave the fixed-point range");
        ctx.Committing = true;
        account.Collateral -= tx.Amount;
        ctx.State.TotalWithdrawals += tx.Amount;
        ctx.Touch(account);
        ctx.Emit(new Withdrawn(tx.Account, tx.Amount, account.Collateral));
        return null;
    }

    /// <summary>
    /// Whether <paramref name="total"/> + <paramref name="amount"/> leaves less than 1e12 USD of headroom below the range: the
    /// sums of the state (collateral, fund, totals) must stay far from overflow, since later handlers add to them mid-commit.
    /// </summary>
    private static bool Overflows(Usd total, Usd amount) => total.Micros > long.MaxValue - HeadroomMicros - amount.Micros;

    /// <summary>Room kept free under <see cref="long.MaxValue"/> (≈ 9.2e12 USD) for fees, PnL and fills added mid-commit: 1e12 USD.</summary>
    private const long HeadroomMicros = Usd.MaxAmountMicros;

    public static Rejection? FundInsurance(ApplyContext ctx, FundInsurance tx)
    {
        if (tx.Amount.Micros <= 0 || tx.Amount.Micros > Usd.MaxAmountMicros) return Reject(RejectReason.InvalidAmount, $"insurance contribution {tx.Amount} must be in (0, 1e12]");
        if (Overflows(ctx.State.TotalDeposits, tx.Amount) || Overflows(ctx.State.InsuranceFund, tx.Amount))
            return Reject(RejectReason.ArithmeticOverflow, $"contribution {tx.Amount} would take a total past the fixed-point range");
        ctx.Committing = true;
        ctx.State.InsuranceFund += tx.Amount;
        ctx.State.TotalDeposits += tx.Amount;
        ctx.Emit(new InsuranceFunded(tx.Amount, ctx.State.InsuranceFund));
        return null;
    }
}
