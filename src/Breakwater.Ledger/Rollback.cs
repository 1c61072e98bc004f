using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;
using Microsoft.Data.Sqlite;

namespace Breakwater.Ledger;

/// <summary>One account that recovery changes: balances and positions before (the original log) and after (the new one).</summary>
/// <param name="Account">Account id.</param>
/// <param name="CollateralBefore">Collateral in the original log's final state, 1e-6 USD.</param>
/// <param name="CollateralAfter">Collateral in the recovered log's final state, 1e-6 USD.</param>
/// <param name="EquityBefore">Equity at the original final marks, 1e-6 USD.</param>
/// <param name="EquityAfter">Equity at the recovered final marks, 1e-6 USD.</param>
/// <param name="PositionsBefore">Positions before: market id → size (1e-8 base units).</param>
/// <param name="PositionsAfter">Positions after.</param>
/// <param name="NetDepositsBefore">Deposits − withdrawals after H in the original log, 1e-6 USD (an attacker who withdrew its gains is negative here).</param>
/// <param name="NetDepositsAfter">Deposits − withdrawals after H in the recovered log, 1e-6 USD.</param>
public sealed record AccountDiff(long Account, Usd CollateralBefore, Usd CollateralAfter, Usd EquityBefore, Usd EquityAfter,
    IReadOnlyDictionary<int, long> PositionsBefore, IReadOnlyDictionary<int, long> PositionsAfter, Usd NetDepositsBefore, Usd NetDepositsAfter);

/// <summary>What a recovery did.</summary>
/// <param name="From">Heights up to and including this one were kept as they were.</param>
/// <param name="Excluded">Heights left out on request.</param>
/// <param name="Dropped">Later transactions the protocol refused once the excluded ones were gone (they depended on them): height and reason.</param>
/// <param name="Reapplied">Transactions re-applied after <paramref name="From"/>.</param>
/// <param name="StateAtFrom">State hash at <paramref name="From"/>, checked against the source's checkpoint there when it has one.</param>
/// <param name="OriginalHead">The source log's head.</param>
/// <param name="RecoveredHead">The new log's head.</param>
/// <param name="Accounts">Every account whose collateral, equity or positions differ, by id.</param>
/// <param name="InsuranceFundBefore">Insurance fund at the original end, 1e-6 USD.</param>
/// <param name="InsuranceFundAfter">Insurance fund at the recovered end, 1e-6 USD.</param>
/// <param name="SnapshotHeight">The snapshot both histories were replayed from (0: genesis).</param>
public sealed record RollbackResult(long From, IReadOnlyList<long> Excluded, IReadOnlyList<(long Height, string Reason)> Dropped, long Reapplied,
    string StateAtFrom, string OriginalHead, string RecoveredHead, IReadOnlyList<AccountDiff> Accounts, Usd InsuranceFundBefore, Usd InsuranceFundAfter,
    long SnapshotHeight)
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static double D(Usd u) => u.Micros / (double)Usd.Scale;

    /// <summary>Writes <see cref="ToJson"/> beside the recovered log <paramref name="log"/> (<c>NEW.db</c> → <c>NEW.recovery.json</c>); returns its path.</summary>
    public string SaveReport(string log)
    {
        var path = Path.ChangeExtension(log, null) + ".recovery.json";
        File.WriteAllText(path, ToJson());
        return path;
    }

    /// <summary>The diff a DAO votes on, as indented JSON (USD as decimals, sizes as decimal strings).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(new
    {
        keptThroughHeight = From, replayedFromSnapshotAt = SnapshotHeight, stateAtKeptHeight = StateAtFrom, excludedHeights = Excluded, reapplied = Reapplied,
        dropped = Dropped.Select(d => new { height = d.Height, reason = d.Reason }),
        originalHead = OriginalHead, recoveredHead = RecoveredHead,
        insuranceFundBeforeUsd = D(InsuranceFundBefore), insuranceFundAfterUsd = D(InsuranceFundAfter),
        accounts = Accounts.Select(a => new
        {
            account = a.Account, collateralBeforeUsd = D(a.CollateralBefore), collateralAfterUsd = D(a.CollateralAfter),
            equityBeforeUsd = D(a.EquityBefore), equityAfterUsd = D(a.EquityAfter), equityChangeUsd = D(a.EquityAfter - a.EquityBefore),
            netDepositsBeforeUsd = D(a.NetDepositsBefore), netDepositsAfterUsd = D(a.NetDepositsAfter),
            positionsBefore = a.PositionsBefore.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => FixedFormat.Format(kv.Value, 8)),
            positionsAfter = a.PositionsAfter.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => FixedFormat.Format(kv.Value, 8)),
        }),
    }, Indented);
}

/// <summary>
/// Recovery from an exploit by rollback: replays a log's transactions into a new log, keeping every transaction up to
/// height H as it was and re-applying every later one except the excluded (the exploit's). A later transaction the
/// protocol now refuses — it spent what the exploit brought — is dropped and listed. The new log is an ordinary
/// verifiable log (<c>breakwater verify</c>); the result lists every account whose balance or position differs, so a
/// DAO votes on exactly that diff. Both histories start from the source's latest snapshot at or below H (its rows up to
/// there are copied into the new log as they are), or from genesis when it has none.
/// </summary>
public static class Rollback
{
    /// <summary>Runs the recovery.</summary>
    /// <param name="source">The log to recover from (read only).</param>
    /// <param name="from">H: the last height kept unchanged (≥ 0).</param>
    /// <param name="exclude">Heights to leave out; each must be above <paramref name="from"/> and in the log.</param>
    /// <param name="output">The new log (replaced if it exists; must not be the source).</param>
    /// <param name="crypto">Keccak-256 and signer recovery for the engines that re-apply the log.</param>
    /// <exception cref="FileNotFoundException">no source log.</exception>
    /// <exception cref="ArgumentException">H beyond the log, an excluded height at or below H or not in the log, or the output is the source.</exception>
    /// <exception cref="InvalidDataException">the source does not decode, refuses its own transactions, or disagrees with its checkpoint at H.</exception>
    public static RollbackResult Run(string source, long from, IReadOnlyCollection<long> exclude, string output, Protocol.Governance.ISignatureVerifier crypto)
    {
        if (!File.Exists(source)) throw new FileNotFoundException($"no log at {source}", source);
        if (Path.GetFullPath(source) == Path.GetFullPath(output)) throw new ArgumentException("the recovered log must be a new file, not the source");
        var txs = Read(source);
        var top = txs.Count == 0 ? 0 : txs[^1].Height;
        if (from < 0 || from > top) throw new ArgumentException($"--from {from} is outside the log's heights 0..{top}");
        foreach (var x in exclude)
        {
            if (x <= from) throw new ArgumentException($"excluded height {x} is not above --from {from}: heights up to H are kept as they were");
            if (x > top) throw new ArgumentException($"excluded height {x} is not in the log (last height {top})");
        }
        var excluded = new SortedSet<long>(exclude);

        // Start from the latest snapshot at or below H (checked against its stored state hash), else from genesis. The
        // two histories are one up to H: it is replayed once, and the original is forked from it at H.
        var (snapshotHeight, snapshotBytes) = LatestSnapshot(source, from);
        var recovered = Start(snapshotBytes, source, snapshotHeight, crypto);
        ProtocolEngine? original = null;
        var flowsBefore = new Dictionary<long, long>();
        var flowsAfter = new Dictionary<long, long>();
        // Money in and out after H, where the histories differ.
        var afterH = false;
        recovered.EventAppended += (_, _, e, _) => { if (afterH) Flow(flowsAfter, e); };
        ProtocolEngine Fork()
        {
            var o = StateSnapshot.Read(StateSnapshot.Write(recovered), crypto);
            o.EventAppended += (_, _, e, _) => Flow(flowsBefore, e);
            return o;
        }
        var dropped = new List<(long, string)>();
        long reapplied = 0;
        string stateAtFrom = recovered.StateHash();
        var checkpoint = StateAt(source, "checkpoint", from);
        if (snapshotHeight > 0 && from == snapshotHeight) stateAtFrom = Check(recovered, checkpoint, source, from);
        if (File.Exists(output)) File.Delete(output);
        if (snapshotHeight > 0) CopyPrefix(source, output, snapshotHeight, recovered.Chain.Count);
        using (var writer = new EventLogWriter(output, recovered, append: snapshotHeight > 0, snapshotEvery: SnapshotEvery(source)))
        {
            foreach (var (height, tx) in txs)
            {
                if (height <= snapshotHeight) continue;
                if (height <= from)
                {
                    if (!recovered.Apply(tx).Accepted) throw new InvalidDataException($"{source}: transaction at height {height} is refused on replay");
                    writer.Append(recovered.Height, tx);
                    if (height == from) stateAtFrom = Check(recovered, checkpoint, source, from);
                    continue;
                }
                original ??= Fork();
                afterH = true;
                if (!original.Apply(tx).Accepted) throw new InvalidDataException($"{source}: its own transaction at height {height} is refused on replay");
                if (excluded.Contains(height)) continue;
                var r = recovered.Apply(tx);
                if (!r.Accepted) { dropped.Add((height, r.Rejection!.ToString()!)); continue; }
                writer.Append(recovered.Height, tx);
                reapplied++;
            }
            original ??= Fork();
            writer.SetMeta("recoveredFrom", Path.GetFileName(source));
            writer.SetMeta("recoveredKeptThroughHeight", from.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.SetMeta("recoveredExcludedHeights", string.Join(",", excluded));
            writer.SetMeta("recoveredFromSnapshotAt", snapshotHeight.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.SetMeta("finalStateHash", recovered.StateHash());
            writer.Seal();
        }
        return new RollbackResult(from, [.. excluded], dropped, reapplied, stateAtFrom, original.LogHeadHash, recovered.LogHeadHash,
            Diff(original, recovered, flowsBefore, flowsAfter), original.State.InsuranceFund, recovered.State.InsuranceFund, snapshotHeight);
    }

    /// <summary>Money in and out of each account: what the DAO needs to see of an attacker who took its gains out.</summary>
    private static void Flow(Dictionary<long, long> flows, Protocol.Events.ProtocolEvent e)
    {
        if (e is Protocol.Events.Deposited d) flows[d.Account] = flows.GetValueOrDefault(d.Account) + d.Amount.Micros;
        else if (e is Protocol.Events.Withdrawn w) flows[w.Account] = flows.GetValueOrDefault(w.Account) - w.Amount.Micros;
    }

    private static ProtocolEngine Start(byte[]? snapshot, string source, long height, Protocol.Governance.ISignatureVerifier crypto)
    {
        if (snapshot is null) return new ProtocolEngine(crypto);
        ProtocolEngine e;
        try { e = StateSnapshot.Read(snapshot, crypto); }
        catch (FormatException ex) { throw new InvalidDataException($"{source}: the snapshot at height {height} does not decode: {ex.Message}"); }
        var stored = StateAt(source, "snapshot", height);
        if (e.StateHash() != stored) throw new InvalidDataException($"{source}: the snapshot at height {height} restores state {e.StateHash()}, its record says {stored}");
        return e;
    }

    private static (long Height, byte[]? Bytes) LatestSnapshot(string path, long atOrBelow)
    {
        using var db = Open(path);
        using var c = db.CreateCommand();
        c.CommandText = "SELECT height, bytes FROM snapshot WHERE height <= $h ORDER BY height DESC LIMIT 1";
        c.Parameters.AddWithValue("$h", atOrBelow);
        try
        {
            using var r = c.ExecuteReader();
            return r.Read() ? (r.GetInt64(0), (byte[])r[1]) : (0, null);
        }
        catch (SqliteException) { return (0, null); } // a log written before snapshots existed
    }

    /// <summary>The source's snapshot interval: the height of its first snapshot (0 when it has none).</summary>
    private static long SnapshotEvery(string path)
    {
        using var db = Open(path);
        using var c = db.CreateCommand();
        c.CommandText = "SELECT height FROM snapshot ORDER BY height LIMIT 1";
        try { return c.ExecuteScalar() is long h ? h : 0; }
        catch (SqliteException) { return 0; }
    }

    /// <summary>Copies the source's transactions, events and snapshots up to the snapshot into a new log, as they are.</summary>
    private static void CopyPrefix(string source, string output, long height, long events)
    {
        using (var init = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = output, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
        {
            init.Open();
            using var c = init.CreateCommand();
            c.CommandText = LogSchema.Create + """
                ATTACH DATABASE $src AS src;
                INSERT INTO tx SELECT * FROM src.tx WHERE height <= $h;
                INSERT INTO event SELECT * FROM src.event WHERE seq <= $e;
                INSERT INTO snapshot SELECT * FROM src.snapshot WHERE height <= $h;
                """;
            c.Parameters.AddWithValue("$src", source);
            c.Parameters.AddWithValue("$h", height);
            c.Parameters.AddWithValue("$e", events);
            c.ExecuteNonQuery();
        }
    }

    private static string Check(ProtocolEngine engine, string? checkpoint, string source, long from)
    {
        var hash = engine.StateHash();
        if (checkpoint is not null && checkpoint != hash)
            throw new InvalidDataException($"{source}: replay gives state {hash} at height {from}, its checkpoint says {checkpoint}");
        return hash;
    }

    private static List<AccountDiff> Diff(ProtocolEngine before, ProtocolEngine after, Dictionary<long, long> flowsBefore, Dictionary<long, long> flowsAfter)
    {
        var ids = new SortedSet<long>(before.State.Accounts.Keys);
        ids.UnionWith(after.State.Accounts.Keys);
        var diffs = new List<AccountDiff>();
        foreach (var id in ids)
        {
            var (c0, e0, p0) = Snapshot(before, id);
            var (c1, e1, p1) = Snapshot(after, id);
            var (f0, f1) = (new Usd(flowsBefore.GetValueOrDefault(id)), new Usd(flowsAfter.GetValueOrDefault(id)));
            if (c0 == c1 && e0 == e1 && f0 == f1 && p0.Count == p1.Count && p0.All(kv => p1.TryGetValue(kv.Key, out var v) && v == kv.Value)) continue;
            diffs.Add(new AccountDiff(id, c0, c1, e0, e1, p0, p1, f0, f1));
        }
        return diffs;
    }

    private static (Usd Collateral, Usd Equity, SortedDictionary<int, long> Positions) Snapshot(ProtocolEngine e, long id)
    {
        if (e.State.AccountOrNull(id) is not { } a) return (Usd.Zero, Usd.Zero, []);
        return (a.Collateral, e.MarginOf(id).Equity, new SortedDictionary<int, long>(a.Positions.ToDictionary(p => p.Key, p => p.Value.Size.Units)));
    }

    private static List<(long Height, Transaction Tx)> Read(string path)
    {
        using var db = Open(path);
        using var c = db.CreateCommand();
        c.CommandText = "SELECT height, bytes FROM tx ORDER BY height";
        var list = new List<(long, Transaction)>();
        try
        {
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                var height = r.GetInt64(0);
                try { list.Add((height, TxCodec.Decode((byte[])r[1]))); }
                catch (FormatException e) { throw new InvalidDataException($"{path}: transaction at height {height} does not decode: {e.Message}"); }
            }
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"{path} is not a Breakwater event log: {e.Message}", e);
        }
        return list;
    }

    /// <summary>The state hash a table (checkpoint or snapshot) records at <paramref name="height"/>, or null.</summary>
    private static string? StateAt(string path, string table, long height)
    {
        using var db = Open(path);
        using var c = db.CreateCommand();
        c.CommandText = $"SELECT state FROM {table} WHERE height = $h AND state IS NOT NULL";
        c.Parameters.AddWithValue("$h", height);
        return c.ExecuteScalar() as string;
    }

    private static SqliteConnection Open(string path)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        return db;
    }
}
