namespace Breakwater.Ledger;

/// <summary>
/// The log's tables: accepted transactions by height, events by sequence with their chain hash, metadata, and a
/// checkpoint per committed batch (height, event count and chain head after it; the state hash when the log was sealed),
/// written in the batch's own SQLite transaction, so the end of a log is always covered by a checkpoint; a node with a
/// key also stores its signature of each checkpoint (<see cref="Protocol.Governance.NodeCheckpoint"/>). Snapshots of the whole engine
/// every K heights (<see cref="Protocol.Hashing.StateSnapshot"/>, with the state hash) let recovery start near H instead of at genesis.
/// </summary>
internal static class LogSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS tx(height INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind INTEGER NOT NULL, bytes BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS event(seq INTEGER PRIMARY KEY, height INTEGER NOT NULL, kind INTEGER NOT NULL, bytes BLOB NOT NULL, hash BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS checkpoint(height INTEGER PRIMARY KEY, events INTEGER NOT NULL, head TEXT NOT NULL, state TEXT);
        CREATE TABLE IF NOT EXISTS checkpoint_signature(height INTEGER PRIMARY KEY, signer TEXT NOT NULL, signature BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS snapshot(height INTEGER PRIMARY KEY, state TEXT NOT NULL, bytes BLOB NOT NULL);
        """;
}
