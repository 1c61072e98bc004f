using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Transactions;
using Microsoft.Data.Sqlite;

namespace Breakwater.Ledger;

/// <summary>Outcome of verifying a log.</summary>
/// <param name="Ok">True when every event hash and the final state hash match.</param>
/// <param name="Transactions">Transactions replayed.</param>
/// <param name="Events">Events checked.</param>
/// <param name="HeadHash">Re-derived head of the chain (hex).</param>
/// <param name="StateHash">Re-derived state hash (hex).</param>
/// <param name="Message">One-line summary, naming the first mismatch when there is one.</param>
public sealed record VerifyResult(bool Ok, long Transactions, long Events, string HeadHash, string StateHash, string Message);

/// <summary>
/// Verifies a log by replaying its transactions from genesis through a fresh engine: heights must be contiguous, each
/// re-derived event must match the stored bytes and hash, every checkpoint the replay at its height (event count, chain
/// head, and the state hash where the log was sealed), the last transaction must be covered by the last checkpoint, and
/// the stored final state hash and head must match. A log cut at its end together with its last checkpoint is
/// consistent locally: only a head held elsewhere (a watcher, the event stream) can catch that.
/// </summary>
public static class LogVerifier
{
    /// <summary>Verifies the log at <paramref name="path"/>.</summary>
    /// <param name="path">The SQLite log.</param>
    /// <param name="crypto">Keccak-256 and signer recovery (the replay checks every signed transaction again).</param>
    /// <param name="node">When given, every checkpoint must carry this node key's signature (<see cref="Protocol.Governance.NodeCheckpoint"/>).</param>
    /// <param name="held">
    /// A checkpoint the node signed earlier and someone kept (from <c>/v1/checkpoint</c>): the log must reach its height with
    /// its event count and head. This is what catches a log whose end was cut together with its own last checkpoint.
    /// </param>
    /// <exception cref="FileNotFoundException">no such file.</exception>
    /// <exception cref="InvalidDataException">the file is not a Breakwater log.</exception>
    public static VerifyResult Verify(string path, Protocol.Governance.ISignatureVerifier crypto, Protocol.Governance.Address? node = null, (long Height, long Events, string Head)? held = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no log at {path}", path);
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            db.Open();
            using var probe = db.CreateCommand();
            probe.CommandText = "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN ('tx','event','meta','checkpoint')";
            if (Convert.ToInt64(probe.ExecuteScalar()) != 4) throw new InvalidDataException($"{path} is not a Breakwater event log of this version (tables tx, event, meta, checkpoint missing)");
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"{path} is not a readable SQLite database: {e.Message}", e);
        }

        var engine = new ProtocolEngine(crypto);
        var derived = new Queue<(long Seq, long Height, byte[] Bytes, byte[] Hash)>();
        var w = new CanonicalWriter();
        engine.EventAppended += (seq, height, e, hash) =>
        {
            w.Reset();
            e.Write(w);
            derived.Enqueue((seq, height, w.ToArray(), hash.ToArray()));
        };

        var checkpoints = new Queue<(long Height, long Events, string Head, string? State)>();
        using (var cp = db.CreateCommand())
        {
            cp.CommandText = "SELECT height, events, head, state FROM checkpoint ORDER BY height";
            using var cr = cp.ExecuteReader();
            while (cr.Read()) checkpoints.Enqueue((cr.GetInt64(0), cr.GetInt64(1), cr.GetString(2), cr.IsDBNull(3) ? null : cr.GetString(3)));
        }
        var lastCheckpoint = checkpoints.Count > 0 ? checkpoints.Last() : default;
        if (node is { } expected && CheckSignatures(db, checkpoints, expected, crypto) is { } unsigned) return Fail(engine, 0, 0, unsigned);
        if (held is { } h)
        {
            var all = checkpoints.ToList();
            var same = all.FindIndex(c => c.Height == h.Height);
            if (same >= 0 && (all[same].Events, all[same].Head) != (h.Events, h.Head))
                return Fail(engine, 0, 0, $"the log's checkpoint at height {h.Height} has head {all[same].Head[..16]}…, but the node signed head {h.Head[..16]}… there: the log was rewritten");
            if (same < 0) all.Add((h.Height, h.Events, h.Head, null));
            checkpoints = new Queue<(long Height, long Events, string Head, string? State)>(all.OrderBy(c => c.Height));
        }

        using var events = db.CreateCommand();
        events.CommandText = "SELECT seq, height, bytes, hash FROM event ORDER BY seq";
        using var er = events.ExecuteReader();
        using var txs = db.CreateCommand();
        txs.CommandText = "SELECT height, time, bytes FROM tx ORDER BY height";
        using var tr = txs.ExecuteReader();
        long txCount = 0, eventCount = 0;
        while (tr.Read())
        {
            var height = tr.GetInt64(0);
            if (height != txCount + 1) return Fail(engine, txCount, eventCount, $"transaction at height {txCount + 1} is missing (the next stored one is at height {height})");
            Transaction tx;
            try { tx = TxCodec.Decode(tr[2] as byte[] ?? throw new FormatException("the stored transaction is not a blob")); }
            catch (Exception e) { return Fail(engine, txCount, eventCount, $"transaction at height {height} does not decode: {e.Message}"); }
            ApplyResult result;
            // A tampered blob can decode into a transaction no honest log holds; whatever it does, it is a verification failure.
            try { result = engine.Apply(tx); }
            catch (Exception e) { return Fail(engine, txCount, eventCount, $"transaction at height {height} cannot be replayed: {e.Message}"); }
            txCount++;
            if (!result.Accepted) return Fail(engine, txCount, eventCount, $"transaction at height {height} is refused on replay: {result.Rejection}");
            while (derived.Count > 0)
            {
                var d = derived.Dequeue();
                if (!er.Read()) return Fail(engine, txCount, eventCount, $"event {d.Seq} (height {d.Height}) is missing from the log");
                var seq = er.GetInt64(0);
                // A tampered row may not even hold a blob any more; anything but the re-derived bytes is a mismatch.
                var bytes = er[2] as byte[];
                var hash = er[3] as byte[];
                eventCount++;
                if (seq != d.Seq || bytes is null || hash is null || !bytes.AsSpan().SequenceEqual(d.Bytes) || !hash.AsSpan().SequenceEqual(d.Hash))
                    return Fail(engine, txCount, eventCount, $"event {seq} (height {er.GetInt64(1)}) does not match: its bytes or hash differ from the replay");
            }
            while (checkpoints.Count > 0 && checkpoints.Peek().Height <= height)
            {
                var c = checkpoints.Dequeue();
                if (c.Height < height) return Fail(engine, txCount, eventCount, $"checkpoint at height {c.Height} was not met: the transactions before it differ");
                if (c.Events != engine.Chain.Count || c.Head != engine.LogHeadHash)
                    return Fail(engine, txCount, eventCount, $"checkpoint at height {height} says {c.Events} events, head {c.Head[..16]}…; the replay gives {engine.Chain.Count} events, head {engine.LogHeadHash[..16]}…");
                if (c.State is not null && c.State != engine.StateHash())
                    return Fail(engine, txCount, eventCount, $"checkpoint at height {height} says state {c.State[..16]}…; the replay gives {engine.StateHash()[..16]}…");
            }
        }
        if (er.Read()) return Fail(engine, txCount, eventCount, $"event {er.GetInt64(0)} has no transaction that produces it");
        var stateHash = engine.StateHash();
        if (checkpoints.Count > 0)
            return Fail(engine, txCount, eventCount, $"the log ends at height {txCount} but a checkpoint (stored or held) is at height {checkpoints.Peek().Height}: transactions were removed from its end");
        if (txCount > 0 && lastCheckpoint.Height != txCount)
            return Fail(engine, txCount, eventCount, $"the log's last transaction (height {txCount}) is not covered by a checkpoint (last checkpoint at height {lastCheckpoint.Height}): its end was cut or extended");
        var stored = ReadMeta(db, "final_state_hash");
        if (stored is not null && stored != stateHash)
            return Fail(engine, txCount, eventCount, $"final state hash {stateHash} differs from the stored {stored}");
        var storedHead = ReadMeta(db, "log_head_hash");
        if (storedHead is not null && storedHead != engine.LogHeadHash)
            return Fail(engine, txCount, eventCount, $"log head {engine.LogHeadHash} differs from the stored {storedHead}");
        return new VerifyResult(true, txCount, eventCount, engine.LogHeadHash, stateHash,
            $"OK: {txCount} transactions, {eventCount} events, head {engine.LogHeadHash[..16]}…, state {stateHash[..16]}…");
    }

    private static string? CheckSignatures(SqliteConnection db, IEnumerable<(long Height, long Events, string Head, string? State)> checkpoints, Protocol.Governance.Address node,
        Protocol.Governance.ISignatureVerifier crypto)
    {
        var signatures = new Dictionary<long, byte[]>();
        using (var c = db.CreateCommand())
        {
            c.CommandText = "SELECT count(*) FROM sqlite_master WHERE type='table' AND name = 'checkpoint_signature'";
            if (Convert.ToInt64(c.ExecuteScalar()) == 0) return $"the log holds no signed checkpoints (it was not written by a node with a key), so it cannot be held to node {node}";
            c.CommandText = "SELECT height, signature FROM checkpoint_signature";
            using var r = c.ExecuteReader();
            while (r.Read()) signatures[r.GetInt64(0)] = (byte[])r.GetValue(1);
        }
        foreach (var (height, events, head, _) in checkpoints)
        {
            if (!signatures.TryGetValue(height, out var sig)) return $"checkpoint at height {height} carries no signature of node {node}";
            var signer = Protocol.Governance.NodeCheckpoint.Signer(crypto, height, events, head, sig);
            if (signer != node) return $"checkpoint at height {height} is signed by {signer?.ToString() ?? "a malformed signature"}, not by node {node}";
        }
        return null;
    }

    private static VerifyResult Fail(ProtocolEngine engine, long txs, long events, string message)
        => new(false, txs, events, engine.LogHeadHash, engine.StateHash(), "FAILED: " + message);

    /// <summary>Reads a metadata value, or null.</summary>
    public static string? ReadMeta(SqliteConnection db, string key)
    {
        using var c = db.CreateCommand();
        c.CommandText = "SELECT value FROM meta WHERE key = $k";
        c.Parameters.AddWithValue("$k", key);
        return c.ExecuteScalar() as string;
    }
}
