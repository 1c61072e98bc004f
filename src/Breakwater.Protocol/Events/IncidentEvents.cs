using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Events;

/// <summary>An incident opened on a market (its level left 0).</summary>
/// <param name="Incident">Incident id (protocol-wide sequence).</param>
/// <param name="Market">Market id.</param>
/// <param name="Trigger">What opened it.</param>
/// <param name="Level">Level reached.</param>
public sealed record IncidentOpened(long Incident, int Market, IncidentTrigger Trigger, ResponseLevel Level) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.IncidentOpened;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Incident).I32(Market).U8((byte)Trigger).I32((int)Level);
}

/// <summary>An incident closed (its market is back to level 0).</summary>
/// <param name="Incident">Incident id.</param>
/// <param name="Market">Market id.</param>
public sealed record IncidentClosed(long Incident, int Market) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.IncidentClosed;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Incident).I32(Market);
}

/// <summary>
/// A market's response level changed. Names the trigger and the evidence: the measured value and the
/// threshold it crossed (same unit, e.g. ppm of price), and when the level lapses unless renewed.
/// </summary>
/// <param name="Incident">Incident id.</param>
/// <param name="Market">Market id.</param>
/// <param name="From">Previous level.</param>
/// <param name="To">New level.</param>
/// <param name="Trigger">Trigger.</param>
/// <param name="EvidenceValue">Measured value.</param>
/// <param name="EvidenceThreshold">Threshold crossed.</param>
/// <param name="ExpiresAt">Lapse time unless renewed, unix seconds.</param>
public sealed record LadderLevelChanged(long Incident, int Market, ResponseLevel From, ResponseLevel To, IncidentTrigger Trigger, long EvidenceValue, long EvidenceThreshold, long ExpiresAt) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.LadderLevelChanged;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Incident).I32(Market).I32((int)From).I32((int)To).U8((byte)Trigger)
        .I64(EvidenceValue).I64(EvidenceThreshold).I64(ExpiresAt);
}

/// <summary>
/// The market-wide breaker fired: the open-interest-weighted decline of every market from its day's reference mark
/// crossed a threshold, and every market steps up to <c>Level</c> at once (each level once per UTC day).
/// </summary>
/// <param name="Level">Level every market is raised to (high, severe or critical).</param>
/// <param name="DeclinePpm">Market-wide decline from the day's reference, ppm.</param>
/// <param name="ThresholdPpm">The threshold it crossed (the level's decline), ppm.</param>
public sealed record MarketWideBreakerTriggered(ResponseLevel Level, long DeclinePpm, long ThresholdPpm) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.MarketWideBreakerTriggered;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32((int)Level).I64(DeclinePpm).I64(ThresholdPpm);
}
