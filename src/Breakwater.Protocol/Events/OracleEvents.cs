using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Protocol.Events;

/// <summary>Time alone changed a market's oracle grade (a <c>Tick</c>: no report arrived, e.g. the feed went silent).</summary>
/// <param name="Market">Market id.</param>
/// <param name="From">Grade before.</param>
/// <param name="To">Grade after.</param>
/// <param name="Mark">Mark in force (the last confirmed price), 1e-8 USD.</param>
public sealed record OracleRegraded(int Market, OracleValidity From, OracleValidity To, Price Mark) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.OracleRegraded;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).U8((byte)From).U8((byte)To).I64(Mark.Units);
}

/// <summary>
/// The oracle left Valid (or the suspect changed): the fresh source that moved furthest from its own report at the
/// last confirmed price, so an incident names the source that jumped, not just the grade.
/// </summary>
/// <param name="Market">Market id.</param>
/// <param name="Source">Suspect source id.</param>
/// <param name="MovePpm">|report − its report at the last confirmed price| / that report, ppm.</param>
/// <param name="Validity">The grade that made the oracle untrusted.</param>
public sealed record OracleSourceSuspected(int Market, int Source, long MovePpm, OracleValidity Validity) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.OracleSourceSuspected;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).I32(Source).I64(MovePpm).U8((byte)Validity);
}

/// <summary>
/// A move beyond the too-volatile band became the mark: carried by a quorum of agreeing sources, or held for the
/// confirmation window.
/// </summary>
/// <param name="Market">Market id.</param>
/// <param name="Price">The confirmed price, 1e-8 USD.</param>
/// <param name="MovePpm">Its distance from the reference it was judged against, ppm.</param>
/// <param name="PendingSeconds">How long the move waited (0 when a quorum carried it at once).</param>
/// <param name="Sources">Accepted sources behind it.</param>
public sealed record PriceConfirmed(int Market, Price Price, long MovePpm, long PendingSeconds, int Sources) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.PriceConfirmed;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).I64(Price.Units).I64(MovePpm).I64(PendingSeconds).I32(Sources);
}
