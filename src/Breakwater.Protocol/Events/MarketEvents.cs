using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Protocol.Events;

/// <summary>A market was listed.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="Params">Parameters.</param>
/// <param name="InitialPrice">Initial mark and index, 1e-8 USD.</param>
public sealed record MarketCreated(int Market, string Symbol, MarketParams Params, Price InitialPrice) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.MarketCreated;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        w.I32(Market).Str(Symbol).I64(InitialPrice.Units);
        Params.Write(w);
    }
}

/// <summary>An oracle report was applied.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Source">Reporting source id.</param>
/// <param name="Reported">Reported price, 1e-8 USD.</param>
/// <param name="Index">Index after aggregation, 1e-8 USD.</param>
/// <param name="Mark">Mark after the update, 1e-8 USD.</param>
/// <param name="Validity">Oracle grade.</param>
/// <param name="AcceptedSources">Sources accepted into the median.</param>
/// <param name="RejectedMask">Bit i set when source i was rejected as an outlier.</param>
public sealed record OracleUpdated(int Market, int Source, Price Reported, Price Index, Price Mark, OracleValidity Validity, int AcceptedSources, ulong RejectedMask) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.OracleUpdated;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).I32(Source).I64(Reported.Units).I64(Index.Units)
        .I64(Mark.Units).U8((byte)Validity).I32(AcceptedSources).I64(unchecked((long)RejectedMask));
}

/// <summary>The effective margin multiplier of a market changed.</summary>
/// <param name="Market">Market id.</param>
/// <param name="VolatilityMultiplierPpm">Multiplier implied by volatility, ppm.</param>
/// <param name="EffectiveMultiplierPpm">Applied multiplier (volatility and ladder), ppm.</param>
/// <param name="VolatilityPpm">Per-sample realized volatility, ppm.</param>
public sealed record MarginMultiplierChanged(int Market, long VolatilityMultiplierPpm, long EffectiveMultiplierPpm, long VolatilityPpm) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.MarginMultiplierChanged;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).I64(VolatilityMultiplierPpm).I64(EffectiveMultiplierPpm).I64(VolatilityPpm);
}

/// <summary>A market's status changed.</summary>
/// <param name="Market">Market id.</param>
/// <param name="From">Previous status.</param>
/// <param name="To">New status.</param>
public sealed record MarketStatusChanged(int Market, MarketStatus From, MarketStatus To) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.MarketStatusChanged;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).U8((byte)From).U8((byte)To);
}

/// <summary>Pause flags changed, for a market or (market −1) protocol-wide.</summary>
/// <param name="Market">Market id, or −1 for protocol-wide.</param>
/// <param name="Flags">The flags now set.</param>
/// <param name="Until">When the pause lapses (unix seconds); 0 = until lifted.</param>
public sealed record PauseFlagsChanged(int Market, PauseFlags Flags, long Until) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.PauseFlagsChanged;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).U8((byte)Flags).I64(Until);
}

/// <summary>
/// Funding was settled for one interval of a market: the cumulative funding index moved by <c>Mark</c> × <c>RatePpb</c>
/// (longs pay when the rate is positive). No balance moves here: every position owes its size × the index's move,
/// rounded up to the micro-dollar, counted in its margin from now on and realized into collateral when it next changes
/// (through the funding pool, so value stays conserved).
/// </summary>
/// <param name="Market">Market id.</param>
/// <param name="IntervalStart">Start of the settled interval (unix seconds).</param>
/// <param name="PremiumPpb">Time-weighted average premium (mark − index) / index over the interval, 1e-9.</param>
/// <param name="RatePpb">Funding rate for the interval, 1e-9.</param>
/// <param name="Mark">Mark price the index moved at, 1e-8 USD.</param>
/// <param name="CumulativeIndex">The market's cumulative funding index after the interval, 1e-17 USD per whole unit.</param>
/// <param name="OpenInterest">Open interest (longs' sizes, equal to shorts'), 1e-8 base units.</param>
/// <param name="Paid">Owed by the paying side for the interval: |rate| × the open interest's notional at the mark, 1e-6 USD, rounded down (each position's share is rounded up when it realizes).</param>
/// <param name="Positions">Positions open in the market.</param>
public sealed record FundingSettled(int Market, long IntervalStart, long PremiumPpb, long RatePpb, Price Mark, Int128 CumulativeIndex, Size OpenInterest, Usd Paid, int Positions) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.FundingSettled;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).I64(IntervalStart).I64(PremiumPpb).I64(RatePpb).I64(Mark.Units)
        .I128(CumulativeIndex).I64(OpenInterest.Units).I64(Paid.Micros).I32(Positions);
}
