using Breakwater.Protocol.Events;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Moves protocol-owned liquidity out of harm's way: <see cref="Guards.MarketWideParams.MigrationShare"/> of the insurance
/// fund goes into the timelocked vault when a market reaches the critical level, or when the council asks (never the
/// other way: nothing but a DAO operation after the lock brings it back). One migration per lock period: a second
/// critical market in the same crisis finds the liquidity already moved.
/// </summary>
internal static class LiquidityMigration
{
    /// <summary>Migrates if the share is set and no lock is running; returns whether anything moved.</summary>
    public static bool Migrate(ApplyContext ctx, MigrationTrigger trigger, int market)
    {
        var s = ctx.State;
        var p = s.MarketWide;
        if (p.MigrationShare.Ppm == 0 || ctx.Now < s.VaultLockedUntil) return false;
        var amount = p.MigrationShare.Of(s.InsuranceFund, Rounding.Floor);
        if (amount.Micros <= 0) return false;
        s.InsuranceFund -= amount;
        s.Vault += amount;
        s.VaultLockedUntil = checked(ctx.Now + p.VaultLockSeconds);
        ctx.Emit(new LiquidityMigrated(trigger, market, amount, s.Vault, s.InsuranceFund, s.VaultLockedUntil));
        return true;
    }

    /// <summary>Why a release of <paramref name="amount"/> cannot execute at <paramref name="now"/>, or null.</summary>
    public static string? CheckRelease(ProtocolState s, Usd amount, long now, bool executing)
    {
        if (amount.Micros <= 0) return "release amount must be positive";
        if (executing && amount > s.Vault) return $"release {amount} exceeds the vault's {s.Vault}";
        if (executing && now < s.VaultLockedUntil) return $"the vault is locked until {s.VaultLockedUntil}";
        return null;
    }

    public static void Release(ApplyContext ctx, Usd amount)
    {
        var s = ctx.State;
        s.Vault -= amount;
        s.InsuranceFund += amount;
        ctx.Emit(new VaultReleased(amount, s.Vault, s.InsuranceFund));
    }
}
