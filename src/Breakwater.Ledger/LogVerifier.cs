using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
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
    /// <exception cref="FileNotFoundException">no such file.</exception>
    /// <exception cref="InvalidDataException">the file is not a Breakwater log.</exception>
    public static VerifyResult Verify(string path)
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

        var engine = new ProtocolEngine(Crypto.EthereumVerifier.Instance);
        var derived = new Queue<(long Seq, long Height, byte[] Bytes, byte[] Hash)>();
        var w = new CanonicalWriter();
        engine.OnEvent = (seq, height, e, hash) =>
        {
            w.Reset();
            e.Write(w);
            derived.Enqueue((seq, height, w.ToArray(), (byte[])hash.Clone()));
        };

        var checkpoints = new Queue<(long Height, long Events, string Head, string? State)>();
        using (var cp = db.CreateCommand())
        {
            cp.CommandText = "SELECT height, events, head, state FROM checkpoint ORDER BY height";
            using var cr = cp.ExecuteReader();
            while (cr.Read()) checkpoints.Enqueue((cr.GetInt64(0), cr.GetInt64(1), cr.GetString(2), cr.IsDBNull(3) ? null : cr.GetString(3)));
        }
        var lastCheckpoint = checkpoints.Count > 0 ? checkpoints.Last() : default;

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
            return Fail(engine, txCount, eventCount, $"the log ends at height {txCount} but holds a checkpoint at height {checkpoints.Peek().Height}: transactions were removed from its end");
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
