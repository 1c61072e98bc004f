namespace Breakwater.Server;

/// <summary>How a node runs.</summary>
public sealed record NodeOptions
{
    /// <summary>URLs to listen on. Default loopback only.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8545";

    /// <summary>The SQLite log. Recovered on start when it exists.</summary>
    public string Db { get; init; } = "breakwater-node.db";

    /// <summary>Genesis file applied to a new log (markets, insurance fund, governance), or null.</summary>
    public string? Genesis { get; init; }

    /// <summary>Scenario to feed into the node (replay mode), or null.</summary>
    public string? Replay { get; init; }

    /// <summary>Market seconds per wall second in replay mode. Default 60.</summary>
    public double Speed { get; init; } = 60;

    /// <summary>Policy for replay mode. Default breakwater.</summary>
    public string Policy { get; init; } = "breakwater";

    /// <summary>Population size in replay mode. Default 1,000.</summary>
    public int Accounts { get; init; } = 1_000;

    /// <summary>Data folder for replay mode.</summary>
    public string? DataDir { get; init; }

    /// <summary>Largest request body, bytes. Default 64 KiB.</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Open mode: <c>/v1/tx</c> takes unsigned transactions, so anyone who reaches the node moves any account (the lab and
    /// demos; replay mode is always open). Default false: the log must be signed (its genesis configures access).
    /// </summary>
    public bool Open { get; init; }

    /// <summary>
    /// Submissions (POST) each client address may make per second, with bursts up to twice that; beyond it a 429 with a
    /// reason. 0 = no limit (a load test on loopback). Default 2,000.
    /// </summary>
    public int RateLimitPerSecond { get; init; } = 2_000;

    /// <summary>
    /// SQLite <c>synchronous=FULL</c>: every committed batch is on disk before it is acknowledged, so an acknowledged
    /// transaction survives an OS crash or power loss, at the cost of an fsync per batch. Default false (<c>NORMAL</c> in WAL
    /// mode: survives a killed process; an OS crash may lose the last batches).
    /// </summary>
    public bool SynchronousFull { get; init; }

    /// <summary>Heights between snapshots of the whole state in the log (0 = none). Default 10,000.</summary>
    public long SnapshotEvery { get; init; } = 10_000;

    /// <summary>
    /// Key file of the node: it signs the checkpoint of every committed batch (<see cref="Protocol.Governance.NodeCheckpoint"/>), served at
    /// <c>/v1/checkpoint</c>, so a watcher or user can hold the node to what it committed. Null = unsigned checkpoints.
    /// </summary>
    public string? NodeKey { get; init; }

    /// <summary>Host names the node answers to besides the loopback names and the hosts of <see cref="Urls"/> (see <see cref="RequestGuard"/>).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Webhook URLs that get one JSON notice per incident opened (<see cref="IncidentNotifier"/>).</summary>
    public IReadOnlyList<string> Webhooks { get; init; } = [];
}
