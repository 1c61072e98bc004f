using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Transactions;
using Microsoft.Data.Sqlite;

namespace Breakwater.Ledger;

/// <summary>
/// Rebuilds an engine from an existing log by re-applying its transactions from genesis (the log holds only
/// committed, accepted transactions, so this is exactly the state every client was acknowledged).
/// </summary>
public static class LogRecovery
{
    /// <summary>Re-applies every logged transaction to <paramref name="engine"/> (which must be fresh). Returns the count.</summary>
    /// <exception cref="InvalidDataException">a transaction does not decode or is refused on replay.</exception>
    public static long Recover(string path, ProtocolEngine engine)
    {
        if (!File.Exists(path)) return 0;
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var c = db.CreateCommand();
        c.CommandText = "SELECT height, bytes FROM tx ORDER BY height";
        using var r = c.ExecuteReader();
        long n = 0;
        while (r.Read())
        {
            var height = r.GetInt64(0);
            Transaction tx;
            try { tx = TxCodec.Decode((byte[])r[1]); }
            catch (FormatException e) { throw new InvalidDataException($"{path}: transaction at height {height} does not decode: {e.Message}"); }
            var result = engine.Apply(tx);
            if (!result.Accepted) throw new InvalidDataException($"{path}: transaction at height {height} is refused on recovery: {result.Rejection}");
            n++;
        }
        return n;
    }
}
