using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Breakwater.Ledger;

/// <summary>
/// A prepared statement bound by position on the connection's native SQLite handle (SQLitePCLRaw, the layer under
/// Microsoft.Data.Sqlite). Microsoft.Data.Sqlite looks every parameter up by name on every execution, which cost more
/// than the insert itself for the hundreds of thousands of rows a replay writes. It runs inside whatever transaction the
/// connection has open.
/// </summary>
internal sealed class PositionalInsert : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly sqlite3_stmt _stmt;

    /// <exception cref="SqliteException">the SQL does not prepare.</exception>
    public PositionalInsert(SqliteConnection db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v2(db.Handle, sql, out _stmt));
    }

    /// <summary>Binds a 64-bit integer to the 1-based parameter <paramref name="index"/>.</summary>
    public PositionalInsert Int(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    /// <summary>Binds a copy of <paramref name="value"/> as a blob to the 1-based parameter <paramref name="index"/>.</summary>
    public PositionalInsert Blob(int index, ReadOnlySpan<byte> value)
    {
        Check(raw.sqlite3_bind_blob(_stmt, index, value));
        return this;
    }

    /// <summary>Runs the statement once with the values bound.</summary>
    /// <exception cref="SqliteException">SQLite refused the row (constraint, full disk …), with its message.</exception>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE) Check(rc);
    }

    private void Check(int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_DONE) return;
        throw new SqliteException($"SQLite error {rc}: {raw.sqlite3_errmsg(_db.Handle).utf8_to_string()}", rc);
    }

    /// <inheritdoc />
    public void Dispose() => _stmt.Dispose();
}
