namespace Breakwater.Watch;

/// <summary>Severity of a finding (Forta's scale).</summary>
public enum Severity : byte
{
    /// <summary>Informational.</summary>
    Info = 0,
    /// <summary>Low.</summary>
    Low = 1,
    /// <summary>Medium.</summary>
    Medium = 2,
    /// <summary>High: worth a bounded action.</summary>
    High = 3,
    /// <summary>Critical.</summary>
    Critical = 4,
}

/// <summary>
/// What a detector saw: severity, type, market (−1 = protocol-wide), the numbers that crossed the threshold, the
/// level of response it asks for (0 = none), and a dedup key so an open incident is attested once, not in a storm.
/// </summary>
/// <param name="Detector">Detector name.</param>
/// <param name="Type">Finding type, e.g. "oracle-divergence".</param>
/// <param name="Severity">Severity.</param>
/// <param name="Market">Market id or −1.</param>
/// <param name="Time">Market time of the evidence, unix seconds.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Threshold">The threshold it crossed.</param>
/// <param name="Level">Requested response level, 0–3.</param>
/// <param name="DedupKey">Identity of the incident this finding belongs to.</param>
public sealed record Finding(string Detector, string Type, Severity Severity, int Market, long Time, double Value, double Threshold, int Level, string DedupKey)
{
    /// <summary>
    /// The incident an attestation of this finding names: type, market and the hour of the evidence, so independent
    /// watchers that see the same evidence attest the same incident (their k attestations count together).
    /// </summary>
    public string Incident => $"{Type}:{Market}:{Time / 3600}";
}
