namespace Breakwater.Ledger;

/// <summary>The log's tables: accepted transactions by height, events by sequence with their chain hash, and metadata.</summary>
internal static class LogSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS tx(height INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind INTEGER NOT NULL, bytes BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS event(seq INTEGER PRIMARY KEY, height INTEGER NOT NULL, kind INTEGER NOT NULL, bytes BLOB NOT NULL, hash BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """;
}
