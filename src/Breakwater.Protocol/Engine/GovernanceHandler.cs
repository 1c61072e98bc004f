using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Transactions;
using static Breakwater.Protocol.Engine.ApplyContext;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Tiered governance. Watchers: k distinct attestations about one incident within a window raise the market's
/// level by at most one step (capped at halt, for a bounded time); they can never lower a level or unpause.
/// Council: M-of-N may pause immediately (lapsing after the maximum) and veto queued operations; it cannot
/// unpause, change parameters or move funds — no message lets it. Guardians: one signature switches pause flags
/// on. DAO: operations queue behind the timelock and execute only once ready, at most once.
/// </summary>
internal static class GovernanceHandler
{
    public static Rejection? Configure(ApplyContext ctx, ConfigureGovernance tx)
    {
        var g = ctx.State.Governance;
        if (g.Config is not null) return Reject(RejectReason.GovernanceNotConfigured, "governance is configured already; roles change only through the timelock");
        if (tx.Config.Validate() is { } problem) return Reject(RejectReason.InvalidOperation, problem);
        if (ctx.Verifier is null) return Reject(RejectReason.GovernanceNotConfigured, "this engine has no signature verifier");
        ctx.Committing = true;
        g.Config = tx.Config;
        var c = tx.Config;
        ctx.Emit(new GovernanceConfigured(c.Watchers.Members.Count, c.Watchers.Threshold, c.Council.Members.Count, c.Council.Threshold, c.TimelockDelaySeconds));
        return null;
    }

    /// <summary>Checks expiry, replay and signers; returns the digest and distinct signers, or a refusal.</summary>
    private static Rejection? Authorize(ApplyContext ctx, Role role, byte[] structHash, long expiry, IReadOnlyList<byte[]> signatures, int threshold,
        out string digestHex, out SortedSet<Address> signers, GovernanceDomain? domain = null, long maxLifetime = GovernanceLimits.MaxMessageLifetimeSeconds)
    {
        digestHex = "";
        signers = new SortedSet<Address>();
        var g = ctx.State.Governance;
        if (g.Config is null || ctx.Verifier is null) return Reject(RejectReason.GovernanceNotConfigured, "governance is not configured");
        if (SignatureChecks.Expiry(ctx.Now, expiry, maxLifetime) is { } late) return late;
        var digest = new Eip712(ctx.Verifier).SigningHash(domain ?? g.Config.Domain, structHash);
        digestHex = Convert.ToHexStringLower(digest);
        if (g.UsedDigests.Contains(digestHex)) return Reject(RejectReason.Replayed, $"message 0x{digestHex} was accepted before");
        return SignatureChecks.Members(ctx.Verifier, digest, signatures, g.Members(role), threshold, role.ToString().ToLowerInvariant(), out signers);
    }

    public static Rejection? Attest(ApplyContext ctx, SubmitAttestation tx)
    {
        var m = tx.Message;
        var cfg = ctx.State.Governance.Config;
        var market = ctx.State.MarketOrNull(m.Market);
        if (market is null && m.Market != -1) return Reject(RejectReason.UnknownMarket, $"market {m.Market} does not exist (−1 = protocol-wide)");
        if (RequestableLevel(m.Level) is not { } requested) return Reject(RejectReason.InvalidOperation, $"an attestation may request level 1–3, not {m.Level}");
        if (m.Incident.Length != 32) return Reject(RejectReason.InvalidOperation, "incident key must be 32 bytes");
        if (m.DurationSeconds <= 0) return Reject(RejectReason.InvalidOperation, "duration must be positive");
        if (cfg is null || ctx.Verifier is null) return Reject(RejectReason.GovernanceNotConfigured, "governance is not configured");
        var structHash = m.StructHash(new Eip712(ctx.Verifier));
        if (Authorize(ctx, Role.Watcher, structHash, m.Expiry, [tx.Signature], 1, out var digest, out var signers) is { } r) return r;

        ctx.Committing = true;
        var g = ctx.State.Governance;
        g.UsedDigests.Add(digest);
        var key = $"{m.Market}:{m.Level}:{Convert.ToHexStringLower(m.Incident)}";
        if (!g.Attestations.TryGetValue(key, out var seen)) g.Attestations[key] = seen = new SortedDictionary<Address, long>();
        foreach (var stale in seen.Where(kv => kv.Value <= ctx.Now - cfg.AttestationWindowSeconds).Select(kv => kv.Key).ToList()) seen.Remove(stale);
        seen[signers.Min] = ctx.Now;
        var k = cfg.Watchers.Threshold;
        ctx.Emit(new AttestationRecorded(m.Market, m.Level, Convert.ToHexStringLower(m.Incident), signers.Min, seen.Count, k));
        var applied = g.AppliedAttestations.TryGetValue(key, out var at) && at > ctx.Now - cfg.AttestationWindowSeconds;
        if (seen.Count >= k && !applied)
        {
            g.AppliedAttestations[key] = ctx.Now;
            var seconds = Math.Min(m.DurationSeconds, cfg.MaxWatcherActionSeconds);
            if (market is not null)
            {
                var floor = RaiseFloor(market, requested, seconds, ctx.Now);
                ctx.Emit(new LevelFloorRaised(m.Market, floor, market.ExternalLevelUntil, FloorSource.WatcherQuorum, key, seen.Count));
                LadderEvaluator.ApplyExternal(ctx, market);
            }
            else
            {
                // A protocol-wide finding (a withdrawal run, an insurance-fund drain) raises every market by the same
                // bounded step a market finding gets: one level above its own at most, never past a halt, lapsing.
                ctx.Emit(new LevelFloorRaised(-1, requested, ctx.Now + seconds, FloorSource.WatcherQuorum, key, seen.Count));
                foreach (var each in ctx.State.MarketsInOrder)
                {
                    RaiseFloor(each, requested, seconds, ctx.Now);
                    LadderEvaluator.ApplyExternal(ctx, each);
                }
            }
        }
        return null;
    }

    /// <summary>A trusted peer's threat signal: one signature, the same one-step bound and duration cap as a watcher quorum.</summary>
    public static Rejection? Signal(ApplyContext ctx, SubmitThreatSignal tx)
    {
        var m = tx.Message;
        var cfg = ctx.State.Governance.Config;
        if (ctx.State.MarketOrNull(m.Market) is not { } market) return Reject(RejectReason.UnknownMarket, $"market {m.Market} does not exist");
        if (RequestableLevel(m.Level) is not { } requested) return Reject(RejectReason.InvalidOperation, $"a threat signal may request level 1–3, not {m.Level}");
        if (cfg is null || ctx.Verifier is null) return Reject(RejectReason.GovernanceNotConfigured, "governance is not configured");
        if (Authorize(ctx, Role.Peer, m.StructHash(new Eip712(ctx.Verifier)), m.Expiry, [tx.Signature], 1, out var digest, out var signers, ThreatSignalMessage.DomainFor(cfg.Domain)) is { } r) return r;
        var day = ctx.Now / 86_400;
        var today = ctx.State.Governance.PeerSignals.TryGetValue(m.Market, out var seen) && seen.Day == day ? seen.Count : 0;
        if (today >= GovernanceLimits.MaxPeerSignalsPerMarketPerDay)
            return Reject(RejectReason.InvalidOperation, $"market {market.Symbol} took {today} peer signals today already (at most {GovernanceLimits.MaxPeerSignalsPerMarketPerDay})");
        ctx.Committing = true;
        ctx.State.Governance.UsedDigests.Add(digest);
        ctx.State.Governance.PeerSignals[m.Market] = (day, today + 1);
        var floor = RaiseFloor(market, ResponseLevels.Min(requested, GovernanceLimits.MaxPeerLevel), cfg.MaxWatcherActionSeconds, ctx.Now);
        ctx.Emit(new LevelFloorRaised(m.Market, floor, market.ExternalLevelUntil, FloorSource.PeerSignal, m.AlertId, signers.Count));
        LadderEvaluator.ApplyExternal(ctx, market);
        return null;
    }

    /// <summary>The level a watcher or a peer may ask for (elevated, high or severe: never critical, which is the council's), or null.</summary>
    private static ResponseLevel? RequestableLevel(int number)
        => ResponseLevels.FromNumber(number) is { } l && l is >= ResponseLevel.Elevated and <= ResponseLevel.Severe ? l : null;

    /// <summary>
    /// Sets the external level floor a watcher quorum or a trusted peer asked for, bounded: one step above the current
    /// level at most, never above halt, never lower than a floor in force, for <paramref name="seconds"/>. Returns the floor.
    /// </summary>
    private static ResponseLevel RaiseFloor(Market market, ResponseLevel requested, long seconds, long now)
    {
        var active = market.ExternalLevelUntil > now ? market.ExternalLevel : ResponseLevel.Normal;
        var floor = ResponseLevels.Max(active, ResponseLevels.Min(requested, market.Ladder.Level.StepUp(ResponseLevel.Severe)));
        market.ExternalLevel = floor;
        market.ExternalLevelUntil = Math.Max(now + seconds, market.ExternalLevelUntil);
        return floor;
    }

    public static Rejection? Pause(ApplyContext ctx, SubmitPause tx)
    {
        var m = tx.Message;
        var cfg = ctx.State.Governance.Config;
        if (tx.Role is not (Role.Council or Role.Guardian)) return Reject(RejectReason.Unauthorized, $"role {tx.Role} cannot pause");
        if (m.Market != -1 && ctx.State.MarketOrNull(m.Market) is null) return Reject(RejectReason.UnknownMarket, $"market {m.Market} does not exist");
        if (m.Flags == PauseFlags.None || (m.Flags & ~(PauseFlags.All | PauseFlags.MigrateLiquidity)) != 0) return Reject(RejectReason.InvalidOperation, $"pause flags {(byte)m.Flags} are empty or unknown");
        var migrate = m.Flags.HasFlag(PauseFlags.MigrateLiquidity);
        if (migrate && (tx.Role != Role.Council || m.Market != -1))
            return Reject(RejectReason.InvalidOperation, "only the council can migrate liquidity, and only protocol-wide (market −1)");
        if (migrate && ctx.State.MarketWide.MigrationShare.Ppm == 0) return Reject(RejectReason.InvalidOperation, "liquidity migration is off (migration share 0)");
        if (migrate && ctx.Now < ctx.State.VaultLockedUntil) return Reject(RejectReason.InvalidOperation, $"liquidity was migrated already; the vault is locked until {ctx.State.VaultLockedUntil}");
        if (m.DurationSeconds <= 0) return Reject(RejectReason.InvalidOperation, "duration must be positive");
        if (cfg is null || ctx.Verifier is null) return Reject(RejectReason.GovernanceNotConfigured, "governance is not configured");
        var threshold = tx.Role == Role.Council ? cfg.Council.Threshold : 1;
        if (Authorize(ctx, tx.Role, m.StructHash(new Eip712(ctx.Verifier)), m.Expiry, tx.Signatures, threshold, out var digest, out var signers,
                maxLifetime: GovernanceLimits.MaxPauseMessageLifetimeSeconds) is { } r) return r;

        if (m.Flags == PauseFlags.MigrateLiquidity)
        {
            ctx.Committing = true;
            ctx.State.Governance.UsedDigests.Add(digest);
            LiquidityMigration.Migrate(ctx, MigrationTrigger.Council, -1);
            ctx.Emit(new PauseApplied(Role.Council, -1, m.Flags, 0, digest, signers.Count));
            return null;
        }
        var pauseFlags = m.Flags & ~PauseFlags.MigrateLiquidity;

        // Re-pausing cannot keep a pause in force forever: a run of non-DAO pauses lasts at most the maximum pause from
        // its start, and a new run may start only once the last one has been lapsed for as long (or the DAO unpaused).
        var global = m.Market == -1;
        var st = ctx.State;
        var mk = global ? null : st.Markets[m.Market];
        var (flags, pausedUntil, pausedSince, inForce) = global
            ? (st.GlobalPaused, st.GlobalPausedUntil, st.GlobalPausedSince, st.GlobalPausedAt(ctx.Now))
            : (mk!.Paused, mk.PausedUntil, mk.PausedSince, mk.PausedAt(ctx.Now));
        var indefinite = inForce != PauseFlags.None && pausedUntil == 0; // extended by the DAO
        var fresh = inForce == PauseFlags.None && (flags == PauseFlags.None || ctx.Now - pausedUntil >= cfg.MaxPauseSeconds);
        var since = fresh ? ctx.Now : pausedSince;
        var until = Math.Min(ctx.Now + Math.Min(m.DurationSeconds, cfg.MaxPauseSeconds), since + cfg.MaxPauseSeconds);
        if (!indefinite && until <= ctx.Now)
            return Reject(RejectReason.InvalidOperation, $"the pause run that began at {since} has used its {cfg.MaxPauseSeconds} s; a longer pause needs the DAO (ExtendPause)");

        ctx.Committing = true;
        ctx.State.Governance.UsedDigests.Add(digest);
        if (migrate) LiquidityMigration.Migrate(ctx, MigrationTrigger.Council, -1);
        var newUntil = indefinite ? 0 : Math.Max(until, inForce == PauseFlags.None ? 0 : pausedUntil);
        if (global)
        {
            st.GlobalPausedUntil = newUntil;
            st.GlobalPausedSince = since;
            st.GlobalPaused = inForce | pauseFlags;
            ctx.Emit(new PauseFlagsChanged(-1, st.GlobalPaused, st.GlobalPausedUntil));
        }
        else
        {
            mk!.PausedUntil = newUntil;
            mk.PausedSince = since;
            mk.Paused = inForce | pauseFlags;
            ctx.Emit(new PauseFlagsChanged(m.Market, mk.Paused, mk.PausedUntil));
        }
        ctx.Emit(new PauseApplied(tx.Role, m.Market, m.Flags, until, digest, signers.Count));
        return null;
    }

    public static Rejection? Veto(ApplyContext ctx, SubmitVeto tx)
        => Unqueue(ctx, Role.Council, tx.Message.Operation, e => tx.Message.StructHash(e), tx.Message.Expiry, tx.Signatures, OperationRemoval.Vetoed);

    /// <summary>The DAO's fast-cancel: its own threshold removes a queued operation at once, its council replacement included.</summary>
    public static Rejection? Cancel(ApplyContext ctx, CancelOperation tx)
        => Unqueue(ctx, Role.Dao, tx.Message.Operation, e => tx.Message.StructHash(e), tx.Message.Expiry, tx.Signatures, OperationRemoval.Cancelled);

    /// <summary>Removes a queued, not yet executed operation on a council veto or a DAO cancel.</summary>
    private static Rejection? Unqueue(ApplyContext ctx, Role role, byte[] operation, Func<Eip712, byte[]> structHash, long expiry, IReadOnlyList<byte[]> signatures, OperationRemoval how)
    {
        var cfg = ctx.State.Governance.Config;
        if (cfg is null || ctx.Verifier is null) return Reject(RejectReason.GovernanceNotConfigured, "governance is not configured");
        if (operation.Length != 32) return Reject(RejectReason.InvalidOperation, "operation id must be 32 bytes");
        var id = Convert.ToHexStringLower(operation);
        if (!ctx.State.Governance.Operations.TryGetValue(id, out var op)) return Reject(RejectReason.UnknownOperation, $"operation 0x{id} is not queued");
        if (op.Done) return Reject(RejectReason.OperationDone, $"operation 0x{id} was executed already");
        if (role == Role.Council && op.Kind == DaoOperationKind.SetRoles && op.Payload.Length > 0 && (Role)op.Payload[0] == Role.Council)
            return Reject(RejectReason.Unauthorized, $"operation 0x{id} changes the council itself: the council cannot veto its own replacement");
        var threshold = ctx.State.Governance.Members(role).Threshold;
        if (Authorize(ctx, role, structHash(new Eip712(ctx.Verifier)), expiry, signatures, threshold, out var digest, out var signers) is { } r) return r;
        ctx.Committing = true;
        ctx.State.Governance.UsedDigests.Add(digest);
        ctx.State.Governance.OperationMap.Remove(id);
        ctx.Emit(new OperationRemoved(id, op.Kind, how, signers.Count));
        return null;
    }

    public static Rejection? Queue(ApplyContext ctx, QueueOperation tx)
    {
        var cfg = ctx.State.Governance.Config;
        if (cfg is null || ctx.Verifier is null) return Reject(RejectReason.GovernanceNotConfigured, "governance is not configured");
        if (DaoOperations.Check(ctx.State, tx.Message.Kind, tx.Message.Payload, ctx.Now, executing: false) is { } problem) return Reject(RejectReason.InvalidOperation, problem);
        var structHash = tx.Message.StructHash(new Eip712(ctx.Verifier));
        var id = Convert.ToHexStringLower(structHash);
        if (ctx.State.Governance.Operations.ContainsKey(id)) return Reject(RejectReason.Replayed, $"operation 0x{id} is queued already");
        if (Authorize(ctx, Role.Dao, structHash, tx.Message.Expiry, tx.Signatures, cfg.Dao.Threshold, out var digest, out var signers) is { } r) return r;
        ctx.Committing = true;
        ctx.State.Governance.UsedDigests.Add(digest);
        var eta = ctx.Now + cfg.TimelockDelaySeconds;
        ctx.State.Governance.OperationMap[id] = new QueuedOperation(id, tx.Message.Kind, tx.Message.Payload, eta);
        ctx.Emit(new OperationQueued(id, tx.Message.Kind, eta, signers.Count));
        return null;
    }

    public static Rejection? Execute(ApplyContext ctx, ExecuteOperation tx)
    {
        var id = Convert.ToHexStringLower(tx.Operation);
        if (!ctx.State.Governance.Operations.TryGetValue(id, out var op)) return Reject(RejectReason.UnknownOperation, $"operation 0x{id} is not queued (never, or vetoed)");
        switch (op.StateAt(ctx.Now))
        {
            case OperationState.Done: return Reject(RejectReason.OperationDone, $"operation 0x{id} was executed already");
            case OperationState.Waiting: return Reject(RejectReason.TimelockNotReady, $"operation 0x{id} is ready at {op.Eta}, now {ctx.Now}");
            case OperationState.Expired:
                return Reject(RejectReason.Expired, $"operation 0x{id} was ready from {op.Eta} and not executed within {GovernanceLimits.OperationGracePeriodSeconds} s: queue it again");
        }
        if (DaoOperations.Check(ctx.State, op.Kind, op.Payload, ctx.Now, executing: true) is { } problem) return Reject(RejectReason.InvalidOperation, problem);
        if (op.Kind == DaoOperationKind.SetMarketParams)
        {
            // A parameter change waits while the council or a guardian holds the ParameterUpdate flag (global or the market's).
            var market = ctx.State.Markets[new CanonicalReader(op.Payload).I32()];
            if ((ctx.State.GlobalPausedAt(ctx.Now) | market.PausedAt(ctx.Now)).HasFlag(PauseFlags.ParameterUpdate))
                return Reject(RejectReason.Paused, $"parameter updates of {market.Symbol} are paused");
        }
        ctx.Committing = true;
        op.Done = true;
        DaoOperations.Apply(ctx, op.Kind, op.Payload);
        ctx.Emit(new OperationExecuted(id, op.Kind));
        return null;
    }
}
