using Breakwater.Protocol.Events;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Liquidation;
using Breakwater.Protocol.Margin;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// The state machine: <c>Apply(tx)</c> either applies a transaction whole, appending its events to the
/// hash chain, or refuses it with a reason and changes nothing. No I/O, no clock, no floating point.
/// </summary>
/// <param name="verifier">Keccak-256 and signer recovery for governance messages; without it, governance transactions are refused.</param>
public sealed class ProtocolEngine(Governance.ISignatureVerifier? verifier = null)
{
    private readonly CanonicalWriter _writer = new();
    private readonly List<long> _candidates = [];
    private ApplyContext? _context;

    /// <summary>The crypto port this engine checks signatures with (null: open mode only, no governance).</summary>
    public Governance.ISignatureVerifier? Verifier => verifier;

    /// <summary>The current state (read it; mutate only through <see cref="Apply"/>).</summary>
    public ProtocolState State { get; } = new();

    /// <summary>The liquidation index.</summary>
    public LiquidationIndex Index { get; } = new();

    /// <summary>The event hash chain.</summary>
    public HashChain Chain { get; } = new();

    /// <summary>Number of applied transactions (the next transaction's height is this + 1).</summary>
    public long Height { get; internal set; }

    /// <summary>
    /// Set when an exception escaped a handler after it began mutating state (a broken invariant): the
    /// engine refuses everything after that, so a corrupted state never goes on.
    /// </summary>
    public string? Fault { get; private set; }

    /// <summary>
    /// Raised for each event as it is appended: (sequence, height, event, link hash). One list of observers (the log
    /// writer, the node's stream, a verifier), each subscribing with +=, so none replaces another.
    /// </summary>
    public event EventAppendedHandler? EventAppended;

    /// <summary>Applies a transaction.</summary>
    /// <exception cref="InvalidOperationException">the engine is faulted, or a handler broke an invariant mid-commit (the engine faults).</exception>
    public ApplyResult Apply(Transaction tx)
    {
        if (Fault is not null) throw new InvalidOperationException($"engine halted: {Fault}");
        if (tx.Time < State.Time)
            return ApplyResult.Refused(new Rejection(RejectReason.TimeRegression, $"transaction time {tx.Time} is before the last applied time {State.Time}"));
        if (AccessHandler.RefuseUnsigned(State, tx) is { } unsigned) return ApplyResult.Refused(unsigned);
        var ctx = (_context ??= new ApplyContext(State, Index, verifier)).Begin(tx.Time);
        Rejection? rejection;
        try
        {
            rejection = tx switch
            {
                Deposit d => CollateralHandler.Deposit(ctx, d),
                Withdraw w => CollateralHandler.Withdraw(ctx, w),
                FundInsurance f => CollateralHandler.FundInsurance(ctx, f),
                CreateMarket c => MarketHandler.Create(ctx, c),
                Trade t => TradeHandler.Settle(ctx, t),
                OracleReport o => OracleHandler.Report(ctx, o),
                Liquidate l => LiquidationHandler.Liquidate(ctx, l),
                ConfigureGovernance g => GovernanceHandler.Configure(ctx, g),
                SubmitAttestation a => GovernanceHandler.Attest(ctx, a),
                SubmitPause p => GovernanceHandler.Pause(ctx, p),
                SubmitVeto v => GovernanceHandler.Veto(ctx, v),
                CancelOperation c => GovernanceHandler.Cancel(ctx, c),
                QueueOperation q => GovernanceHandler.Queue(ctx, q),
                ExecuteOperation x => GovernanceHandler.Execute(ctx, x),
                ConfigureMarketWideBreaker b => MarketWideBreaker.Configure(ctx, b),
                SubmitThreatSignal t => GovernanceHandler.Signal(ctx, t),
                Tick => OracleHandler.Tick(ctx),
                ConfigureAccess c => AccessHandler.Configure(ctx, c),
                BridgeDeposit d => AccessHandler.Deposit(ctx, d),
                SignedWithdraw w => AccessHandler.Withdraw(ctx, w),
                MatchOrders o => AccessHandler.Match(ctx, o),
                SignedOracleReport o => AccessHandler.Report(ctx, o),
                SignedLiquidate l => AccessHandler.Liquidate(ctx, l),
                _ => throw new ArgumentException($"unknown transaction type {tx.GetType().Name}", nameof(tx)),
            };
        }
        catch (OverflowException e) when (!ctx.Committing)
        {
            rejection = new Rejection(RejectReason.ArithmeticOverflow, $"{tx.Kind}: {e.Message}");
        }
        catch (Exception e) when (ctx.Committing)
        {
            Fault = $"{tx.Kind} at height {Height + 1} failed mid-commit: {e.Message}";
            throw new InvalidOperationException(Fault, e);
        }
        if (rejection is not null) return ApplyResult.Refused(rejection);

        State.Time = tx.Time;
        Height++;
        if (ctx.SingleTrade is { } trade)
        {
            if (EventAppended is null)
            {
                AppendLink(tx.Time, null, trade);
                return ApplyResult.Ok(trade);
            }
            // Observed, the event is built once, for the observers and the result.
            ProtocolEvent observed = trade.ToEvent();
            AppendLink(tx.Time, observed, default);
            return ApplyResult.Ok([observed]);
        }
        // A copy: the context is reused by the next transaction, which an observer below may even apply.
        ProtocolEvent[] events = ctx.Events.Count == 0 ? [] : [.. ctx.Events];
        foreach (var e in events) AppendLink(tx.Time, e, default);
        return ApplyResult.Ok(events);
    }

    /// <summary>Chains one event, <paramref name="e"/> or else the trade held as a value, and tells the observers.</summary>
    private void AppendLink(long time, ProtocolEvent? e, in TradeSettledValue trade)
    {
        _writer.Reset();
        HashChain.WriteLinkPrefix(_writer, Height, time);
        if (e is null) trade.Write(_writer);
        else e.Write(_writer);
        var hash = Chain.Append(_writer.WrittenSpan);
        EventAppended?.Invoke(Chain.Count, Height, e ?? trade.ToEvent(), hash);
    }

    /// <summary>Accounts below maintenance margin holding a position in the market, ascending id, found through the index.</summary>
    public List<long> FindLiquidatable(int marketId)
    {
        if (State.MarketOrNull(marketId) is not { } m) return [];
        _candidates.Clear();
        Index.Candidates(marketId, m.Mark, m.EffectiveMmf, m.Funding.CumulativeIndex, _candidates);
        var found = new List<long>();
        foreach (var id in _candidates)
            if (IsLiquidatable(id, marketId)) found.Add(id);
        found.Sort();
        return found;
    }

    /// <summary>
    /// Why liquidations in <paramref name="marketId"/> cannot run now (settled, halted, paused, or an oracle grade that
    /// allows none), or null when they may; the same checks a <c>Liquidate</c> transaction meets first.
    /// </summary>
    public Rejection? LiquidationBlockedIn(int marketId)
        => State.MarketOrNull(marketId) is { } m ? LiquidationHandler.MarketBlocks(State, m, State.Time) : new Rejection(RejectReason.UnknownMarket, $"market {marketId} does not exist");

    /// <summary>The same set as <see cref="FindLiquidatable"/> by scanning every account (the test oracle and benchmark baseline).</summary>
    public List<long> FindLiquidatableByScan(int marketId)
    {
        var found = new List<long>();
        foreach (var id in State.Accounts.Keys)
            if (IsLiquidatable(id, marketId)) found.Add(id);
        found.Sort();
        return found;
    }

    private bool IsLiquidatable(long accountId, int marketId)
    {
        var a = State.AccountMap[accountId];
        return a.PositionIn(marketId) is not null && MarginCalculator.Compute(a, State.Markets).BelowMaintenance;
    }

    /// <summary>The margin of an account at current marks.</summary>
    /// <exception cref="KeyNotFoundException">unknown account.</exception>
    public MarginSummary MarginOf(long accountId) => MarginCalculator.Compute(State.AccountMap[accountId], State.Markets);

    /// <summary>SHA-256 of the canonical encoding of the whole state, lowercase hex.</summary>
    public string StateHash() => StateHasher.Hash(State);

    /// <summary>Head of the event hash chain, lowercase hex.</summary>
    public string LogHeadHash => Chain.HeadHex;
}
