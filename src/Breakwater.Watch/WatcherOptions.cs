namespace Breakwater.Watch;

/// <summary>A watcher's settings (the optional <c>--config</c> JSON file has the same names).</summary>
public sealed record WatcherOptions
{
    /// <summary>Node URL.</summary>
    public string Node { get; init; } = "";

    /// <summary>Lowest severity that leads to an attestation. Default High.</summary>
    public Severity MinSeverity { get; init; } = Severity.High;

    /// <summary>Duration requested in attestations, seconds. Default 900.</summary>
    public long ActionSeconds { get; init; } = 900;

    /// <summary>How long an attested dedup key stays suppressed, seconds of market time. Default 3,600.</summary>
    public long SuppressSeconds { get; init; } = 3_600;

    /// <summary>Peer nodes to publish signed threat signals to (their <c>/v1/signals</c>).</summary>
    public IReadOnlyList<string> PublishTo { get; init; } = [];

    /// <summary>JSON-lines file to append signed threat signals to, or null.</summary>
    public string? SignalsFile { get; init; }

    /// <summary>CAIP-2 id of the chain this watcher observes. Default "eip155:31337".</summary>
    public string ChainId { get; init; } = "eip155:31337";

    /// <summary>
    /// A URL every finding is POSTed to as JSON (once per dedup key), whatever its level or market — protocol-wide findings
    /// and those below the action threshold included: the alert path for findings no attestation carries. Null = none.
    /// </summary>
    public string? Webhook { get; init; }

    /// <summary>The detectors' thresholds (the config file's <c>"detectors"</c> object; defaults when absent).</summary>
    public Detectors.DetectorConfig Detectors { get; init; } = new();

    /// <summary>Attest false incidents instead (for adversarial tests of the quorum): every finding's market, level 3, a made-up key.</summary>
    public bool Malicious { get; init; }
}
