using System.Threading.Channels;
using Breakwater.Crypto;
using Breakwater.Lab.Policies;
using Breakwater.Lab.Replay;
using Breakwater.Lab.Scenarios;
using Breakwater.Ledger;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Server;

/// <summary>The outcome of a submission, sent only after its batch is committed to the log.</summary>
/// <param name="Accepted">Whether it applied.</param>
/// <param name="Height">Its height when accepted.</param>
/// <param name="Rejection">The refusal otherwise.</param>
/// <param name="Events">Events it emitted.</param>
public sealed record Outcome(bool Accepted, long Height, Rejection? Rejection, IReadOnlyList<StoredEvent> Events);

/// <summary>
/// The protocol node: one sequencer task is the single writer. It drains submissions in batches, stamps each with
/// the node's time, applies it, appends accepted ones to the SQLite log, commits the batch, and only then publishes
/// the events and answers the submitters (group commit: nothing acknowledged is lost). On start it recovers its
/// state by replaying the log. Readers take <see cref="Sync"/> briefly to read the engine between batches.
/// </summary>
public sealed class Node : IAsyncDisposable
{
    private readonly Channel<(Transaction Tx, TaskCompletionSource<Outcome> Done)> _queue = Channel.CreateBounded<(Transaction, TaskCompletionSource<Outcome>)>(
        new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly EventLogWriter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<StoredEvent> _pendingEvents = [];
    private readonly List<RejectionNotice> _pendingNotices = [];
    private readonly ReplayDriver? _replay;
    private long _notices;

    /// <summary>Signer recovery shared by the request threads (warming) and the sequencer (lookups).</summary>
    public RecoveryCache Verifier { get; } = new(EthereumVerifier.Instance);

    /// <summary>Engine (read under <see cref="Sync"/>).</summary>
    public ProtocolEngine Engine { get; }

    /// <summary>Lock readers take to see a consistent state.</summary>
    public object Sync { get; } = new();

    /// <summary>Committed events.</summary>
    public EventStore Events { get; } = new();

    /// <summary>Incidents read model (read under <see cref="Sync"/>).</summary>
    public IncidentProjection Incidents { get; } = new();

    /// <summary>Counters for /metrics.</summary>
    public NodeMetrics Metrics { get; } = new();

    /// <summary>
    /// The state root at the current height, computed once per height (call under <see cref="Sync"/>): a full pass over
    /// every account costs 10–100 ms at 100k accounts, and dashboards poll <c>/v1/state</c> every second.
    /// </summary>
    public string StateHash()
    {
        if (_stateHashHeight != Engine.Height || _stateHash is null)
        {
            _stateHash = Engine.StateHash();
            _stateHashHeight = Engine.Height;
        }
        return _stateHash;
    }

    private string? _stateHash;
    private long _stateHashHeight = -1;

    /// <summary>The sparse Merkle tree over every account (<see cref="AccountTree"/>), updated at each commit from the accounts the engine touched; read under <see cref="Sync"/>.</summary>
    public AccountTree Accounts { get; private set; } = new();

    /// <summary>The accounts root after the last commit, and its height: what the event stream publishes.</summary>
    public AccountsRoot PublishedRoot { get; private set; } = new(0, "");

    /// <summary>Sends a notice per incident opened to the configured webhooks.</summary>
    public IncidentNotifier Notifier { get; }

    /// <summary>Options.</summary>
    public NodeOptions Options { get; }

    /// <summary>Transactions recovered from the log at start.</summary>
    public long Recovered { get; }

    /// <summary>Starts a node: recovers the log, applies genesis to a new log, starts the sequencer (and the replay feeder).</summary>
    /// <exception cref="FormatException">bad genesis.</exception>
    /// <exception cref="InvalidDataException">a log that does not recover.</exception>
    /// <exception cref="ScenarioException">bad replay scenario or policy.</exception>
    public Node(NodeOptions options)
    {
        Options = options;
        Notifier = new IncidentNotifier(options.Webhooks);
        Engine = new ProtocolEngine(Verifier);
        Engine.Index.TrackRefreshed();
        var isNew = !File.Exists(options.Db);
        Engine.EventAppended += (seq, height, e, hash) => _pendingEvents.Add(new StoredEvent(seq, height, Engine.State.Time, e, Convert.ToHexStringLower(hash)));
        if (!isNew)
        {
            Recovered = LogRecovery.Recover(options.Db, Engine);
            Events.Publish([.. _pendingEvents], []);
            Incidents.Apply(_pendingEvents, Engine.State);
            _pendingEvents.Clear();
        }
        var open = options.Open || options.Replay is not null;
        if (!isNew) CheckMode(open, isNew);
        else if (!open && options.Genesis is null)
            throw new FormatException("a node runs in signed mode by default: give a --genesis with an \"access\" section (bridge signers, reporter keys), or --open for the unsigned lab and demo mode");
        NodeKey = options.NodeKey is { } keyPath ? KeyFile.Load(keyPath) : null;
        _log = new EventLogWriter(options.Db, Engine, batchSize: int.MaxValue, append: !isNew, synchronousFull: options.SynchronousFull, checkpointKey: NodeKey,
            snapshotEvery: options.SnapshotEvery);
        ReplayInput? input = null;
        if (options.Replay is not null)
        {
            if (!isNew) throw new ScenarioException("--replay needs a new --db: the replay starts from genesis");
            input = ReplayInput.Prepare(ScenarioLoader.Load(options.Replay), options.DataDir, options.Accounts, null);
        }
        if (isNew && options.Genesis is not null)
        {
            // Genesis is atomic: a refused or unreadable genesis leaves no database behind for the next start to accept.
            try
            {
                // In replay mode genesis happens just before the scenario's own genesis, in market time.
                var t = input is null ? Clock() : input.GenesisTime - 60;
                foreach (var tx in GenesisFile.Load(options.Genesis))
                {
                    var r = ApplyAndLog(tx with { Time = t });
                    if (!r.Accepted) throw new FormatException($"{options.Genesis}: genesis transaction {tx.Kind} refused: {r.Rejection}");
                }
                CheckMode(open, isNew);
                Commit();
            }
            catch
            {
                _log.Dispose();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var f in new[] { options.Db, options.Db + "-wal", options.Db + "-shm" })
                    if (File.Exists(f)) File.Delete(f);
                throw;
            }
        }
        Accounts = AccountTree.Build(Engine.State);
        Engine.Index.TakeRefreshed();
        PublishedRoot = new AccountsRoot(Engine.Height, Accounts.RootHex);
        if (input is not null)
            _replay = new ReplayDriver(input, new ReplayRunner(input, PolicyLoader.Load(options.Policy), new SequencerSink(this)), options.Speed);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Recovers the signers of a signed-mode transaction on the calling (request) thread, so that the sequencer finds them
    /// in <see cref="Verifier"/>'s cache: signature work spreads over every core while the sequencer stays single-writer.
    /// Only warms the cache; the engine still checks everything itself.
    /// </summary>
    public void Preverify(Transaction tx)
    {
        if (Engine.State.Access.Config is not { } cfg) return; // set once at genesis, before any request
        var e = new Protocol.Governance.Eip712(Verifier);
        void Warm(byte[] structHash, byte[] signature) => Verifier.RecoverAddress(e.SigningHash(cfg.Domain, structHash), signature);
        switch (tx)
        {
            case SignedWithdraw w: Warm(w.Message.StructHash(e), w.Signature); break;
            case MatchOrders m: Warm(m.Buy.StructHash(e), m.BuySignature); Warm(m.Sell.StructHash(e), m.SellSignature); break;
            case SignedOracleReport r: Warm(r.Message.StructHash(e), r.Signature); break;
            case SignedLiquidate l: Warm(l.Message.StructHash(e), l.Signature); break;
            case BridgeDeposit d:
                var h = d.Message.StructHash(e);
                foreach (var s in d.Signatures) Warm(h, s);
                break;
        }
    }

    /// <summary>The key that signs checkpoints, or null.</summary>
    public KeyFile? NodeKey { get; }

    /// <summary>The last committed checkpoint and its signature (read under <see cref="Sync"/>).</summary>
    public (long Height, long Events, string Head, byte[] Signature) LastCheckpoint => _log.LastCheckpoint;

    /// <summary>Whether the node takes unsigned transactions (no access configuration in its state).</summary>
    public bool Open => Engine.State.Access.Config is null;

    private void CheckMode(bool open, bool isNew)
    {
        if (Open == open) return;
        if (Options.Replay is not null) throw new FormatException("--replay drives the lab's unsigned transactions: its genesis cannot configure signed mode (\"access\")");
        throw new FormatException(Open
            ? isNew ? $"{Options.Genesis} has no \"access\" section: a node runs in signed mode by default; add one, or start with --open for the unsigned lab and demo mode"
                    : $"{Options.Db} was started in open (unsigned) mode: restart it with --open"
            : $"{(isNew ? Options.Genesis : Options.Db)} configures signed mode: --open cannot turn it off");
    }

    /// <summary>The node's time: the replay's market time in replay mode, else wall-clock unix seconds (never before the last applied).</summary>
    private long Clock() => Math.Max(Engine.State.Time, _replay?.MarketTime ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    /// <summary>
    /// Set when the sequencer stopped on an error it cannot recover from (a log write that failed, a broken engine
    /// invariant): every later submission fails at once with this cause instead of hanging.
    /// </summary>
    public string? Fault { get; private set; }

    /// <summary>Submits a transaction; completes once its batch is durable.</summary>
    /// <exception cref="NodeFaultException">the sequencer has stopped (see <see cref="Fault"/>).</exception>
    public async Task<Outcome> SubmitAsync(Transaction tx, CancellationToken cancel = default)
    {
        if (Fault is { } fault) throw new NodeFaultException(fault);
        var done = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((tx, done), cancel);
        return await done.Task.WaitAsync(cancel);
    }

    private ApplyResult ApplyAndLog(Transaction tx)
    {
        var r = Engine.Apply(tx);
        if (r.Accepted)
        {
            _log.Append(Engine.Height, tx);
            Metrics.Applied(tx.Kind);
            foreach (var e in r.Events) Metrics.Observe(e);
        }
        else if (r.Rejection!.Reason != RejectReason.NothingDue)
        {
            Metrics.Rejected(r.Rejection.Reason);
            if (tx.Kind.IsSigned())
                _pendingNotices.Add(new RejectionNotice(++_notices, tx.Time, tx.Kind.ToString(), r.Rejection.Reason.ToString(), r.Rejection.Detail));
        }
        return r;
    }

    /// <summary>
    /// A replay feeding this node: its transactions go through the sequencer's apply-and-log, on the sequencer's thread
    /// (the replay driver runs there). The node publishes account roots from the refreshed accounts, so the replay must
    /// not drain them, and the node's log is the node's to seal.
    /// </summary>
    private sealed class SequencerSink(Node node) : IReplaySink
    {
        public ProtocolEngine Engine => node.Engine;
        public bool ReplayOwnsEngine => false;
        public string EventLog => "";
        public ApplyResult Apply(Transaction tx) => node.ApplyAndLog(tx);
        public void Complete(IReadOnlyList<(string Key, string Value)> meta) { }
        public void Dispose() { }
    }

    /// <summary>How often the idle sequencer sends a <see cref="Tick"/>, milliseconds.</summary>
    public const int TickMilliseconds = 1_000;

    private void TickIdle()
    {
        lock (Sync)
        {
            if (Engine.Fault is not null || Fault is not null) return;
            var r = ApplyAndLog(new Tick { Time = Clock() });
            if (r.Accepted) Commit();
        }
    }

    private void Commit()
    {
        _log.Commit();
        Events.Publish([.. _pendingEvents], [.. _pendingNotices]);
        Incidents.Apply(_pendingEvents, Engine.State);
        Accounts.Update(Engine.State, Engine.Index.TakeRefreshed());
        PublishedRoot = new AccountsRoot(Engine.Height, Accounts.RootHex);
        Notifier.Publish(_pendingEvents, m => Engine.State.Markets.TryGetValue(m, out var mk) ? mk.Symbol : m.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Options.Urls.Split(';', ',')[0].TrimEnd('/') + "/v1/status");
        _pendingEvents.Clear();
        _pendingNotices.Clear();
    }

    private async Task RunAsync()
    {
        var batch = new List<(Transaction Tx, TaskCompletionSource<Outcome> Done, ApplyResult Result, long Height, int FirstEvent, int EventCount)>(1024);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var wait = _queue.Reader.WaitToReadAsync(_stop.Token).AsTask();
                if (_replay is not null) await Task.WhenAny(wait, Task.Delay(20, _stop.Token));
                else if (await Task.WhenAny(wait, Task.Delay(TickMilliseconds, _stop.Token)) != wait)
                {
                    // Idle: time still moves grades (a silent feed turns Stale) and lets cooldowns lapse.
                    TickIdle();
                    continue;
                }
                else if (!await wait) return;
            }
            catch (OperationCanceledException) { return; }
            batch.Clear();
            try
            {
                lock (Sync)
                {
                    while (batch.Count < 1024 && _queue.Reader.TryRead(out var item))
                    {
                        var first = _pendingEvents.Count;
                        var stamped = item.Tx with { Time = Clock() };
                        ApplyResult result;
                        try { result = ApplyAndLog(stamped); }
                        catch (InvalidOperationException e)
                        {
                            item.Done.TrySetException(new NodeFaultException(e.Message));
                            continue;
                        }
                        batch.Add((stamped, item.Done, result, result.Accepted ? Engine.Height : 0, first, _pendingEvents.Count - first));
                    }
                    _replay?.Advance();
                    var events = _pendingEvents.ToList();
                    Commit();
                    foreach (var b in batch)
                        b.Done.TrySetResult(new Outcome(b.Result.Accepted, b.Height, b.Result.Rejection, events.GetRange(b.FirstEvent, b.EventCount)));
                    if (events.FirstOrDefault(x => x.Event is RecoveryApproved) is { } approved)
                    {
                        Stop(CarryOutRecovery(approved, events));
                        return;
                    }
                }
            }
            catch (Exception e)
            {
                // The batch may be applied in memory but not durable: nothing may be acknowledged, and the node must not go
                // on from a state its log does not hold. Stop loudly, answer every waiting client with the cause.
                var fault = $"sequencer stopped: {e.GetType().Name}: {e.Message}";
                foreach (var b in batch) b.Done.TrySetException(new NodeFaultException(fault));
                Stop(fault);
                return;
            }
            Metrics.Batches++;
        }
    }

    /// <summary>Stops the sequencer for good: every waiting and later submission fails with <paramref name="fault"/>.</summary>
    private void Stop(string fault)
    {
        Fault = fault;
        Console.Error.WriteLine($"breakwater node: {Fault}");
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left)) left.Done.TrySetException(new NodeFaultException(Fault));
    }

    /// <summary>
    /// Carries out a recovery the DAO approved (its operation passed the timelock without a council veto): writes the
    /// recovered log beside this one, leaving out the approved heights and the recovery's own queue and execute
    /// transactions (so the recovered protocol holds no executable recovery), and the diff the DAO voted on. Returns the
    /// message the node stops with: the operator restarts it on the recovered log.
    /// </summary>
    private string CarryOutRecovery(StoredEvent approved, List<StoredEvent> batchEvents)
    {
        var ra = (RecoveryApproved)approved.Event;
        var executed = batchEvents.SkipWhile(x => x != approved).Select(x => x.Event).OfType<OperationExecuted>().FirstOrDefault();
        var queued = executed is null ? null : Events.All().FirstOrDefault(x => x.Event is OperationQueued q && q.Id == executed.Id);
        if (queued is null) return "recovery approved, but its queue transaction was not found: nothing was rewritten; run breakwater recover by hand";
        if (queued.Height <= ra.From)
            return $"recovery approved, but it was queued at height {queued.Height}, not above H = {ra.From}: it would stay executable in the recovered log; nothing was rewritten";
        var output = $"{Path.ChangeExtension(Options.Db, null)}.recovered-{approved.Height}.db";
        try
        {
            var result = Rollback.Run(Options.Db, ra.From, [.. ra.Excluded, queued.Height, approved.Height], output, Breakwater.Crypto.EthereumVerifier.Instance);
            var report = result.SaveReport(output);
            return $"recovery approved by DAO operation 0x{executed!.Id} at height {approved.Height}: the recovered log is {output} "
                + $"({result.Accounts.Count} accounts differ, {result.Dropped.Count} transactions dropped; {report}); restart the node with --db {output}";
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException)
        {
            return $"recovery approved, but it could not be carried out: {e.Message}; nothing was rewritten";
        }
    }

    /// <summary>Replay progress (0–1), or null outside replay mode.</summary>
    public double? ReplayProgress => _replay?.Progress;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _queue.Writer.TryComplete();
        try { await _loop; } catch (OperationCanceledException) { }
        lock (Sync)
        {
            // A clean stop seals the log with the state hash; after a crash the last batch's checkpoint still covers its end.
            if (Fault is null && Engine.Fault is null && Engine.Height > 0) _log.Seal();
            _log.Dispose();
        }
        await Notifier.DisposeAsync();
    }
}

/// <summary>An accounts root the node published: the height it holds at, and the root (hex).</summary>
public sealed record AccountsRoot(long Height, string Root);

/// <summary>The node's sequencer or engine has stopped; the message says why. The API answers 503 with it.</summary>
public sealed class NodeFaultException(string message) : Exception(message);
