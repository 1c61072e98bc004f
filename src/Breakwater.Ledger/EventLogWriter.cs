using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Transactions;
using Microsoft.Data.Sqlite;

namespace Breakwater.Ledger;

/// <summary>
/// Appends applied transactions and their events to a SQLite log. Rows are written inside a database
/// transaction committed every <c>batchSize</c> transactions (and on <see cref="Commit"/>/<see cref="Dispose"/>),
/// so a crash leaves a log that verifies up to its last commit. Only accepted transactions are logged:
/// replaying them from genesis must reproduce every event hash.
/// </summary>
public sealed class EventLogWriter : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly PositionalInsert _insertTx;
    private readonly PositionalInsert _insertEvent;
    private readonly CanonicalWriter _writer = new();
    private readonly int _batchSize;
    private readonly ProtocolEngine _engine;
    private SqliteTransaction? _tx;
    private int _pending;
    private readonly Protocol.Governance.IMessageSigner? _checkpointKey;
    private readonly long _snapshotEvery;

    /// <summary>The last committed checkpoint: height, event count, chain head and the node's signature (empty without a key).</summary>
    public (long Height, long Events, string Head, byte[] Signature) LastCheckpoint { get; private set; }

    /// <summary>
    /// Creates (or, unless <paramref name="append"/>, replaces) the log at <paramref name="path"/> and hooks the
    /// engine's event stream. To append, the engine must already hold the log's state (see <see cref="LogRecovery"/>).
    /// </summary>
    /// <exception cref="IOException">the file cannot be replaced.</exception>
    /// <param name="path">SQLite file.</param>
    /// <param name="engine">The engine whose events are logged.</param>
    /// <param name="batchSize">Transactions per committed batch (the node commits its own batches).</param>
    /// <param name="append">Keep an existing log and append to it.</param>
    /// <param name="checkpointKey">The node key that signs every checkpoint, or null (needs an engine with a verifier).</param>
    /// <param name="synchronousFull">SQLite <c>synchronous=FULL</c> (an fsync per commit: survives power loss) instead of <c>NORMAL</c> (survives a killed process).</param>
    /// <param name="snapshotEvery">Write a snapshot of the engine every this many heights (0 = never).</param>
    public EventLogWriter(string path, ProtocolEngine engine, int batchSize = 5_000, bool append = false, bool synchronousFull = false, Protocol.Governance.IMessageSigner? checkpointKey = null,
        long snapshotEvery = 0)
    {
        if (checkpointKey is not null && engine.Verifier is null) throw new ArgumentException("signing checkpoints needs an engine with a signature verifier (Keccak-256)", nameof(engine));
        if (snapshotEvery < 0) throw new ArgumentOutOfRangeException(nameof(snapshotEvery), "snapshot interval must be ≥ 0");
        _snapshotEvery = snapshotEvery;
        _checkpointKey = checkpointKey;
        if (!append && File.Exists(path)) File.Delete(path);
        _batchSize = batchSize;
        _engine = engine;
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _db.Open();
        Exec($"PRAGMA journal_mode=WAL; PRAGMA synchronous={(synchronousFull ? "FULL" : "NORMAL")};");
        Exec(LogSchema.Create);
        _insertTx = new PositionalInsert(_db, "INSERT INTO tx(height, time, kind, bytes) VALUES (?1, ?2, ?3, ?4)");
        _insertEvent = new PositionalInsert(_db, "INSERT INTO event(seq, height, kind, bytes, hash) VALUES (?1, ?2, ?3, ?4, ?5)");
        engine.EventAppended += OnEvent;
    }

    private void Exec(string sql)
    {
        using var c = _db.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    private void Begin()
    {
        if (_tx is not null) return;
        _tx = _db.BeginTransaction();
    }

    /// <summary>Records an accepted transaction (call after a successful Apply, with the engine's new height).</summary>
    public void Append(long height, Transaction tx)
    {
        Begin();
        _writer.Reset();
        tx.Write(_writer);
        _insertTx.Int(1, height).Int(2, tx.Time).Int(3, (int)tx.Kind).Blob(4, _writer.WrittenSpan).Execute();
        if (_snapshotEvery > 0 && height % _snapshotEvery == 0) Snapshot(height);
        if (++_pending >= _batchSize) Commit();
    }

    private void OnEvent(long seq, long height, ProtocolEvent e, ReadOnlySpan<byte> hash)
    {
        Begin();
        _writer.Reset();
        e.Write(_writer);
        _insertEvent.Int(1, seq).Int(2, height).Int(3, (int)e.Kind).Blob(4, _writer.WrittenSpan).Blob(5, hash).Execute();
    }

    /// <summary>
    /// Stores a snapshot of the engine at <paramref name="height"/> (its current height) with its state hash. The row is
    /// inserted with a blob of the snapshot's length and the encoding streamed into it (SQLite's incremental blob I/O), so
    /// the snapshot of a million accounts (about 55 MB) is never built in memory: building it whole, with its writer's
    /// doublings, held about 300 MB at once of a LUNA replay at that size.
    /// </summary>
    private void Snapshot(long height)
    {
        var length = Protocol.Hashing.StateSnapshot.EncodedLength(_engine);
        ExecuteInTransaction("INSERT OR REPLACE INTO snapshot(height, state, bytes) VALUES ($h, '', zeroblob($n))", ("$h", height), ("$n", length));
        string stateHash;
        using (var blob = new SqliteBlob(_db, "snapshot", "bytes", height))
        {
            stateHash = Protocol.Hashing.StateSnapshot.WriteTo(blob, _engine);
            // A blob cannot grow (a longer encoding throws on write); a shorter one would leave zeros the hash does not cover.
            if (blob.Position != length) throw new InvalidOperationException($"snapshot at height {height} wrote {blob.Position} bytes into a blob of {length}");
        }
        ExecuteInTransaction("UPDATE snapshot SET state = $s WHERE height = $h", ("$h", height), ("$s", stateHash));
    }

    private void ExecuteInTransaction(string sql, params (string Name, object Value)[] parameters)
    {
        using var c = _db.CreateCommand();
        c.Transaction = _tx;
        c.CommandText = sql;
        foreach (var (name, value) in parameters) c.Parameters.AddWithValue(name, value);
        c.ExecuteNonQuery();
    }

    /// <summary>Stores a metadata value (e.g. the final state hash).</summary>
    public void SetMeta(string key, string value)
    {
        Begin();
        ExecuteInTransaction("INSERT OR REPLACE INTO meta(key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));
    }

    /// <summary>
    /// Seals the log: a checkpoint carrying the engine's state hash at the current height (a full state pass: call it at
    /// the end of a replay, not per batch).
    /// </summary>
    public void Seal()
    {
        Commit();
        Begin();
        Checkpoint(_engine.StateHash());
        Commit();
    }

    private void Checkpoint(string? state)
    {
        using var c = _db.CreateCommand();
        c.Transaction = _tx;
        c.CommandText = "INSERT OR REPLACE INTO checkpoint(height, events, head, state) VALUES ($h, $e, $x, $s)";
        c.Parameters.AddWithValue("$h", _engine.Height);
        c.Parameters.AddWithValue("$e", _engine.Chain.Count);
        c.Parameters.AddWithValue("$x", _engine.LogHeadHash);
        c.Parameters.AddWithValue("$s", (object?)state ?? DBNull.Value);
        c.ExecuteNonQuery();
        var signature = Array.Empty<byte>();
        if (_checkpointKey is { } key)
        {
            signature = Protocol.Governance.NodeCheckpoint.Sign(_engine.Verifier!, key, _engine.Height, _engine.Chain.Count, _engine.LogHeadHash);
            using var s = _db.CreateCommand();
            s.Transaction = _tx;
            s.CommandText = "INSERT OR REPLACE INTO checkpoint_signature(height, signer, signature) VALUES ($h, $a, $g)";
            s.Parameters.AddWithValue("$h", _engine.Height);
            s.Parameters.AddWithValue("$a", key.Address.Hex);
            s.Parameters.AddWithValue("$g", signature);
            s.ExecuteNonQuery();
        }
        LastCheckpoint = (_engine.Height, _engine.Chain.Count, _engine.LogHeadHash, signature);
    }

    /// <summary>Commits what is pending, with a checkpoint of the height, event count and chain head it ends at.</summary>
    public void Commit()
    {
        if (_tx is not null && _pending > 0) Checkpoint(null);
        _tx?.Commit();
        _tx?.Dispose();
        _tx = null;
        _pending = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _engine.EventAppended -= OnEvent;
        Commit();
        _insertTx.Dispose();
        _insertEvent.Dispose();
        _db.Dispose();
    }
}
