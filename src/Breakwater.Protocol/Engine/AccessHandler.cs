using Breakwater.Protocol.Access;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;
using static Breakwater.Protocol.Engine.ApplyContext;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Signed mode: checks who signed a user message (signature, binding, nonce, expiry), then applies the same rules as
/// the open-mode handler it wraps, and records the nonce only if that handler accepted. A refusal anywhere changes
/// nothing. In signed mode the unsigned kinds that move value are refused (<see cref="RefuseUnsigned"/>).
/// </summary>
internal static class AccessHandler
{
    public static Rejection? Configure(ApplyContext ctx, ConfigureAccess tx)
    {
        var access = ctx.State.Access;
        if (access.Config is not null) return Reject(RejectReason.InvalidOperation, "signed mode is configured already");
        if (ctx.State.Accounts.Count > 0) return Reject(RejectReason.InvalidOperation, $"signed mode is set at genesis, before any account exists ({ctx.State.Accounts.Count} exist)");
        if (ctx.Verifier is null) return Reject(RejectReason.GovernanceNotConfigured, "this engine has no signature verifier");
        if (tx.Config.Validate() is { } problem) return Reject(RejectReason.InvalidOperation, problem);
        foreach (var r in tx.Config.Reporters)
            if (ctx.State.MarketOrNull(r.Market) is not { } m || r.Source < 0 || r.Source >= m.Params.Oracle.SourceCount)
                return Reject(RejectReason.InvalidSource, $"reporter {r.Reporter} names market {r.Market} source {r.Source}, which does not exist");
        ctx.Committing = true;
        access.Config = tx.Config;
        ctx.Emit(new AccessConfigured(tx.Config.Bridge.Threshold, tx.Config.Bridge.Members.Count, tx.Config.Reporters.Count));
        return null;
    }

    /// <summary>In signed mode, the refusal of an unsigned transaction that moves value or prices; null when allowed.</summary>
    public static Rejection? RefuseUnsigned(ProtocolState state, Transaction tx)
    {
        if (state.Access.Config is null) return null;
        var signed = tx switch
        {
            Transactions.Deposit or FundInsurance => "a bridge deposit (k-of-n bridge signatures)",
            Transactions.Withdraw => "a withdrawal signed by the account",
            Trade => "two signed orders",
            OracleReport => "a report signed by the source's reporter key",
            Transactions.Liquidate => "a liquidation signed by the liquidator",
            _ => null,
        };
        return signed is null ? null : Reject(RejectReason.Unauthorized, $"this protocol runs in signed mode: an unsigned {tx.Kind} is refused; send {signed}");
    }

    public static Rejection? Deposit(ApplyContext ctx, BridgeDeposit tx)
    {
        if (Configured(ctx, out var cfg) is { } r0) return r0;
        var m = tx.Message;
        if (SignatureChecks.Expiry(ctx.Now, m.Expiry) is { } r1) return r1;
        var access = ctx.State.Access;
        if (m.DepositId <= access.LastDepositId) return Reject(RejectReason.Replayed, $"deposit id {m.DepositId} is not above the last credited {access.LastDepositId}");
        var digest = Digest(ctx, cfg, m.StructHash(new Eip712(ctx.Verifier!)));
        if (SignatureChecks.Members(ctx.Verifier!, digest, tx.Signatures, cfg.Bridge, cfg.Bridge.Threshold, "bridge", out _) is { } r2) return r2;

        Rejection? inner;
        var before = ctx.Events.Count;
        long bound = 0;
        if (m.Account == DepositMessage.InsuranceFund) inner = CollateralHandler.FundInsurance(ctx, new FundInsurance(new Usd(m.Amount)));
        else
        {
            if (!access.AccountOf.TryGetValue(m.Account, out var id))
                bound = id = access.AddressOf.Count == 0 ? 1 : checked(access.AddressOf.Keys.Max() + 1);
            inner = CollateralHandler.Deposit(ctx, new Deposit(id, new Usd(m.Amount)));
        }
        if (inner is not null) return inner;
        access.LastDepositId = m.DepositId;
        if (bound != 0)
        {
            access.AccountOfMap[m.Account] = bound;
            access.AddressOfMap[bound] = m.Account;
            ctx.Events.Insert(before, new AccountBound(bound, m.Account));
        }
        return null;
    }

    public static Rejection? Withdraw(ApplyContext ctx, SignedWithdraw tx)
    {
        var m = tx.Message;
        if (Owner(ctx, m.Account, m.Nonce, m.Expiry, e => m.StructHash(e), tx.Signature, "account", out var id) is { } r) return r;
        if (CollateralHandler.Withdraw(ctx, new Withdraw(id, new Usd(m.Amount))) is { } inner) return inner;
        ctx.State.Access.LastNonce[m.Account] = m.Nonce;
        return null;
    }

    public static Rejection? Match(ApplyContext ctx, MatchOrders tx)
    {
        var (b, s) = (tx.Buy, tx.Sell);
        if (!b.IsBuy || s.IsBuy) return Reject(RejectReason.InvalidOperation, "the first order must buy and the second sell");
        if (b.Market != s.Market) return Reject(RejectReason.InvalidOperation, $"the orders are for different markets ({b.Market}, {s.Market})");
        if (b.Size != s.Size) return Reject(RejectReason.InvalidSize, $"fill-or-kill orders of different sizes ({new Size(b.Size)}, {new Size(s.Size)}) cannot match");
        if (tx.Price < s.LimitPrice || tx.Price > b.LimitPrice)
            return Reject(RejectReason.InvalidPrice, $"price {new Price(tx.Price)} is outside the orders' limits [{new Price(s.LimitPrice)}, {new Price(b.LimitPrice)}]");
        if (ctx.State.MarketOrNull(b.Market) is not { } market) return Reject(RejectReason.UnknownMarket, $"market {b.Market} does not exist");
        var band = market.Params.Breaker.Band;
        if (Int128.Abs((Int128)tx.Price - market.Mark.Units) * Fraction.Scale > (Int128)band.Ppm * market.Mark.Units)
            return Reject(RejectReason.InvalidPrice, $"price {new Price(tx.Price)} is more than {band} from the mark {market.Mark}");
        if (b.Account == s.Account) return Reject(RejectReason.SelfTrade, $"{b.Account} is on both sides");
        if (Owner(ctx, b.Account, b.Nonce, b.Expiry, e => b.StructHash(e), tx.BuySignature, "buyer", out var buyer) is { } rb) return rb;
        if (Owner(ctx, s.Account, s.Nonce, s.Expiry, e => s.StructHash(e), tx.SellSignature, "seller", out var seller) is { } rs) return rs;
        if (TradeHandler.Settle(ctx, new Trade(b.Market, buyer, seller, new Size(b.Size), new Price(tx.Price))) is { } inner) return inner;
        ctx.State.Access.LastNonce[b.Account] = b.Nonce;
        ctx.State.Access.LastNonce[s.Account] = s.Nonce;
        return null;
    }

    public static Rejection? Report(ApplyContext ctx, SignedOracleReport tx)
    {
        if (Configured(ctx, out var cfg) is { } r0) return r0;
        var m = tx.Message;
        if (ctx.State.MarketOrNull(m.Market) is not { } market) return Reject(RejectReason.UnknownMarket, $"market {m.Market} does not exist");
        if (cfg.ReporterOf(m.Market, m.Source) is not { } reporter) return Reject(RejectReason.InvalidSource, $"market {m.Market} source {m.Source} has no registered reporter");
        if (m.Timestamp > ctx.Now) return Reject(RejectReason.InvalidOperation, $"report timestamp {m.Timestamp} is after the transaction time {ctx.Now}");
        var maxAge = market.Params.Oracle.MaxReportAgeSeconds;
        if (m.Timestamp < ctx.Now - maxAge) return Reject(RejectReason.Expired, $"report timestamp {m.Timestamp} is more than {maxAge} s before {ctx.Now}");
        var access = ctx.State.Access;
        if (access.LastReportTime.TryGetValue((m.Market, m.Source), out var last) && m.Timestamp <= last)
            return Reject(RejectReason.Replayed, $"report timestamp {m.Timestamp} is not after this source's last report at {last}");
        if (Verify(ctx, cfg, m.StructHash(new Eip712(ctx.Verifier!)), tx.Signature, reporter, "reporter") is { } rs) return rs;
        if (OracleHandler.Report(ctx, new OracleReport(m.Market, m.Source, new Price(m.Price))) is { } inner) return inner;
        access.LastReportTime[(m.Market, m.Source)] = m.Timestamp;
        return null;
    }

    public static Rejection? Liquidate(ApplyContext ctx, SignedLiquidate tx)
    {
        var m = tx.Message;
        if (Owner(ctx, m.Liquidator, m.Nonce, m.Expiry, e => m.StructHash(e), tx.Signature, "liquidator", out var liquidator) is { } r) return r;
        if (LiquidationHandler.Liquidate(ctx, new Liquidate(m.Account, m.Market, liquidator, new Price(m.FillPrice))) is { } inner) return inner;
        ctx.State.Access.LastNonce[m.Liquidator] = m.Nonce;
        return null;
    }

    /// <summary>Checks a message signed by an account owner: bound address, fresh nonce, expiry, signature; gives the account id.</summary>
    private static Rejection? Owner(ApplyContext ctx, Address owner, long nonce, long expiry, Func<Eip712, byte[]> structHash, byte[] signature, string role, out long id)
    {
        id = 0;
        if (Configured(ctx, out var cfg) is { } r0) return r0;
        var access = ctx.State.Access;
        if (!access.AccountOf.TryGetValue(owner, out id)) return Reject(RejectReason.UnknownAccount, $"{role} {owner} has no account (an account is opened by its first bridge deposit)");
        if (SignatureChecks.Expiry(ctx.Now, expiry) is { } r1) return r1;
        if (nonce < access.NextNonce(owner)) return Reject(RejectReason.Replayed, $"{role} nonce {nonce} is below the next usable {access.NextNonce(owner)}");
        return Verify(ctx, cfg, structHash(new Eip712(ctx.Verifier!)), signature, owner, role);
    }

    private static Rejection? Verify(ApplyContext ctx, AccessConfig cfg, byte[] structHash, byte[] signature, Address expected, string role)
    {
        var raw = ctx.Verifier!.RecoverAddress(Digest(ctx, cfg, structHash), signature);
        if (raw is null) return Reject(RejectReason.BadSignature, $"the {role}'s signature is malformed or malleated (high s)");
        var who = Address.FromBytes(raw);
        return who == expected ? null : Reject(RejectReason.Unauthorized, $"the {role}'s signature recovers to {who}, not {expected} (wrong key or wrong domain)");
    }

    private static byte[] Digest(ApplyContext ctx, AccessConfig cfg, byte[] structHash) => new Eip712(ctx.Verifier!).SigningHash(cfg.Domain, structHash);

    private static Rejection? Configured(ApplyContext ctx, out AccessConfig cfg)
    {
        cfg = ctx.State.Access.Config!;
        if (cfg is null) return Reject(RejectReason.GovernanceNotConfigured, "this protocol runs in open mode: send the unsigned transaction");
        return ctx.Verifier is null ? Reject(RejectReason.GovernanceNotConfigured, "this engine has no signature verifier") : null;
    }
}
