using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Protocol.Markets;

/// <summary>
/// Runtime state of one perpetual market: prices, oracle, guards and open interest.
/// Mutated only by the engine.
/// </summary>
public sealed class Market
{
    internal Market(int id, string symbol, MarketParams p, Price initialPrice, long now)
    {
        Id = id;
        Symbol = symbol;
        Params = p;
        Mark = initialPrice;
        Index = initialPrice;
        Reports = new SourceReport?[p.Oracle.SourceCount];
        for (var i = 0; i < Reports.Length; i++) Reports[i] = new SourceReport(initialPrice.Units, now);
        Anchors = new long[p.Oracle.SourceCount];
        Array.Fill(Anchors, initialPrice.Units);
        // The listing price is the first confirmed price: the first report is judged against it, not taken on trust.
        Window.Add(now, initialPrice.Units, p.Breaker.ReferenceWindowSeconds);
        Held.Reset(now, initialPrice.Units);
        LastConfirmedTime = now;
        WindowStart = now;
        // Funding intervals are aligned to the clock (an hourly market settles on the hour), from the listing on.
        if (p.Funding.Enabled) Funding.IntervalStart = p.Funding.IntervalStartAt(now);
    }

    /// <summary>Market id.</summary>
    public int Id { get; }

    /// <summary>Funding accrual of the current interval.</summary>
    public FundingState Funding { get; private set; } = new();

    /// <summary>Symbol, e.g. "LUNA-USD".</summary>
    public string Symbol { get; }

    /// <summary>Current parameters.</summary>
    public MarketParams Params { get; internal set; }

    /// <summary>Mark price used for margin and PnL, 1e-8 USD.</summary>
    public Price Mark { get; internal set; }

    /// <summary>Latest index price (median of accepted sources), 1e-8 USD.</summary>
    public Price Index { get; internal set; }

    /// <summary>Current oracle grade.</summary>
    public OracleValidity Validity { get; internal set; }

    /// <summary>Latest report per source.</summary>
    internal SourceReport?[] Reports { get; private set; }

    /// <summary>When the mark last took a confirmed price (unix seconds).</summary>
    public long LastConfirmedTime { get; internal set; }

    /// <summary>Direction of a move beyond the too-volatile band that awaits confirmation: +1 up, −1 down, 0 none.</summary>
    public int PendingSign { get; internal set; }

    /// <summary>When the pending move was first seen (unix seconds); meaningful while <see cref="PendingSign"/> ≠ 0.</summary>
    public long PendingSince { get; internal set; }

    /// <summary>Each source's report at the last confirmed price, 1e-8 USD: the history a suspect source is measured against.</summary>
    internal long[] Anchors { get; private set; }

    /// <summary>The last aggregation of the sources (re-read by time-driven re-grading).</summary>
    public OracleReading LastReading { get; internal set; }

    /// <summary>While the oracle is not Valid: the source furthest from its own report at the last confirmed price; −1 otherwise.</summary>
    public int SuspectSource { get; internal set; } = -1;

    /// <summary>Rolling reference of confirmed index prices.</summary>
    internal PriceWindow Window { get; private set; } = new();

    /// <summary>Reference price of the price band: the rolling average index, 1e-8 USD (0 before the first report).</summary>
    public Price Reference => new(Window.Average);

    /// <summary>The confirmed price as far as it has held for a confirmation window: what the volatility estimate reads.</summary>
    internal HeldPrice Held { get; private set; } = new();

    /// <summary>Price band state.</summary>
    public CircuitBreaker Breaker { get; private set; } = new();

    /// <summary>Volatility of confirmed prices and the dynamic margin multiplier it implies.</summary>
    public VolatilityMonitor Volatility { get; private set; } = new();

    /// <summary>
    /// Volatility of held prices (<see cref="HeldPrice"/>): what the too-volatile band and the price band widen with, so
    /// swings that come back within the confirmation window cannot widen them (the lab kept margin on confirmed prices:
    /// see the README's ablation).
    /// </summary>
    public VolatilityMonitor BandVolatility { get; private set; } = new();

    /// <summary>Response ladder state.</summary>
    public LadderState Ladder { get; private set; } = new();

    /// <summary>Trading status.</summary>
    public MarketStatus Status { get; internal set; } = MarketStatus.Active;

    /// <summary>Paused operations of this market (see <see cref="PausedUntil"/>).</summary>
    public PauseFlags Paused { get; internal set; }

    /// <summary>When <see cref="Paused"/> lapses by rule (unix seconds); 0 = until lifted by the DAO.</summary>
    public long PausedUntil { get; internal set; }

    /// <summary>When the current run of non-DAO pauses began (unix seconds): re-pausing cannot extend it past the maximum pause.</summary>
    public long PausedSince { get; internal set; }

    /// <summary>The flags in force at <paramref name="now"/>: none once the pause has lapsed.</summary>
    public PauseFlags PausedAt(long now) => PausedUntil == 0 || PausedUntil > now ? Paused : PauseFlags.None;

    /// <summary>Effective multiplier on IMF and MMF, ppm (≥ 1×).</summary>
    public long MarginMultiplierPpm { get; internal set; } = Fraction.Scale;

    /// <summary>Open interest: total long size, 1e-8 base units (equal to total short size).</summary>
    public Size OpenInterest { get; internal set; }

    /// <summary>Start of the current measurement window (liquidation spike, throttle, drain), unix seconds.</summary>
    public long WindowStart { get; internal set; }

    /// <summary>Notional liquidated in the current window, 1e-6 USD at mark.</summary>
    public Usd LiquidatedInWindow { get; internal set; }

    /// <summary>Insurance fund plus the liquidity vault at the start of the window, 1e-6 USD (a migration is no drain).</summary>
    public Usd InsuranceFundAtWindowStart { get; internal set; }

    /// <summary>A level floor requested by a watcher quorum or the council, and when it lapses.</summary>
    public ResponseLevel ExternalLevel { get; internal set; }

    /// <summary>When <see cref="ExternalLevel"/> lapses (unix seconds).</summary>
    public long ExternalLevelUntil { get; internal set; }

    /// <summary>Mark at the start of the current UTC day (the market-wide breaker's reference), 1e-8 USD.</summary>
    public Price DayReferenceMark { get; internal set; }

    /// <summary>The UTC day (unix seconds / 86,400) of <see cref="DayReferenceMark"/>.</summary>
    public long ReferenceDay { get; internal set; } = -1;

    /// <summary>Settlement price once in <see cref="MarketStatus.Settlement"/>.</summary>
    public Price SettlementPrice { get; internal set; }

    /// <summary>The open-interest cap in force: the parameter cut by <see cref="LadderParams.OpenInterestCapCutPerLevel"/> per ladder level (1e-8 base units).</summary>
    public Size EffectiveOpenInterestCap
    {
        get
        {
            var cap = Params.OpenInterestCap.Units;
            if (cap == long.MaxValue || Ladder.Level == ResponseLevel.Normal) return Params.OpenInterestCap;
            var keep = Math.Max(0, Fraction.Scale - (int)Ladder.Level * Params.Ladder.OpenInterestCapCutPerLevel.Ppm);
            return new Size(FixedMath.MulDiv(cap, keep, Fraction.Scale, Rounding.Floor));
        }
    }

    /// <summary>
    /// The worst fill a liquidation may have, 1e-8 USD: mark × (1 − max discount) when closing a long (selling),
    /// mark × (1 + max discount) when closing a short (buying); the discount is rounded down.
    /// </summary>
    public Price LiquidationFillBound(bool closingLong)
    {
        var discount = FixedMath.MulDiv(Mark.Units, Params.MaxLiquidationDiscount.Ppm, Fraction.Scale, Rounding.Floor);
        return new Price(closingLong ? Mark.Units - discount : checked(Mark.Units + discount));
    }

    /// <summary>Effective initial margin fraction: IMF × multiplier, at most 100 %, rounded up.</summary>
    public Fraction EffectiveImf => Scaled(Params.InitialMarginFraction);

    /// <summary>
    /// Effective maintenance margin fraction: MMF × the volatility multiplier (of confirmed prices only), at most 100 %,
    /// rounded up; MMF itself when <see cref="DynamicMarginParams.ScaleMaintenance"/> is off. The ladder's elevated
    /// multiplier raises initial margin only: a level can be reached through a rejected outlier source, and that must
    /// never push existing positions into liquidation.
    /// </summary>
    public Fraction EffectiveMmf => Params.DynamicMargin.ScaleMaintenance
        ? Scaled(Params.MaintenanceMarginFraction, Volatility.MultiplierPpm) : Params.MaintenanceMarginFraction;

    private Fraction Scaled(Fraction f) => Scaled(f, MarginMultiplierPpm);

    private static Fraction Scaled(Fraction f, long multiplierPpm) => new(Math.Min(Fraction.Scale, FixedMath.MulDiv(f.Ppm, multiplierPpm, Fraction.Scale, Rounding.Ceiling)));

    /// <summary>Writes everything about the market a snapshot must restore (see <see cref="Hashing.StateSnapshot"/>).</summary>
    internal void WriteSnapshot(Hashing.CanonicalWriter w)
    {
        w.I32(Id).Str(Symbol);
        Params.Write(w);
        w.I64(Mark.Units).I64(Index.Units).U8((byte)Validity).I64(LastConfirmedTime).I32(PendingSign).I64(PendingSince).I32(SuspectSource)
         .U8((byte)Status).U8((byte)Paused).I64(PausedUntil).I64(PausedSince).I64(MarginMultiplierPpm).I64(OpenInterest.Units)
         .I64(WindowStart).I64(LiquidatedInWindow.Micros).I64(InsuranceFundAtWindowStart.Micros).I32((int)ExternalLevel).I64(ExternalLevelUntil)
         .I64(DayReferenceMark.Units).I64(ReferenceDay).I64(SettlementPrice.Units);
        w.I32(Reports.Length);
        foreach (var r in Reports) { w.Bool(r is not null); if (r is { } x) w.I64(x.Units).I64(x.Time); }
        w.I32(Anchors.Length);
        foreach (var a in Anchors) w.I64(a);
        var rd = LastReading;
        w.U8((byte)rd.Validity).I64(rd.IndexUnits).I32(rd.FreshSources).I32(rd.AcceptedSources).I64((long)rd.RejectedMask).I64(rd.SpreadPpm).I64(rd.MovePpm);
        w.I32(Window.Count);
        foreach (var (t, u) in Window.Samples) w.I64(t).I64(u);
        w.I64(Held.Units).I32(Held.AtOrBelow).I32(Held.AtOrAbove).I32(Held.Count);
        foreach (var (t, u) in Held.Samples) w.I64(t).I64(u);
        Breaker.Write(w);
        Volatility.Write(w);
        BandVolatility.Write(w);
        Ladder.Write(w);
        Funding.Write(w);
    }

    /// <summary>Reads a market written by <see cref="WriteSnapshot"/>.</summary>
    /// <exception cref="FormatException">truncated or malformed.</exception>
    internal static Market ReadSnapshot(Hashing.CanonicalReader r)
    {
        var id = r.I32();
        var symbol = r.Str();
        var p = MarketParams.Read(r);
        var m = new Market(id, symbol, p, new Price(1), 0)
        {
            Mark = new Price(r.I64()), Index = new Price(r.I64()), Validity = (OracleValidity)r.U8(), LastConfirmedTime = r.I64(),
            PendingSign = r.I32(), PendingSince = r.I64(), SuspectSource = r.I32(), Status = (MarketStatus)r.U8(), Paused = (PauseFlags)r.U8(),
            PausedUntil = r.I64(), PausedSince = r.I64(), MarginMultiplierPpm = r.I64(), OpenInterest = new Size(r.I64()), WindowStart = r.I64(),
            LiquidatedInWindow = new Usd(r.I64()), InsuranceFundAtWindowStart = new Usd(r.I64()), ExternalLevel = ResponseLevels.Read(r), ExternalLevelUntil = r.I64(),
            DayReferenceMark = new Price(r.I64()), ReferenceDay = r.I64(), SettlementPrice = new Price(r.I64()),
        };
        m.Reports = new SourceReport?[r.I32()];
        for (var i = 0; i < m.Reports.Length; i++) m.Reports[i] = r.Bool() ? new SourceReport(r.I64(), r.I64()) : null;
        m.Anchors = new long[r.I32()];
        for (var i = 0; i < m.Anchors.Length; i++) m.Anchors[i] = r.I64();
        m.LastReading = new OracleReading((OracleValidity)r.U8(), r.I64(), r.I32(), r.I32(), unchecked((ulong)r.I64()), r.I64(), r.I64());
        m.Window.Restore(Samples(r, r.I32()));
        var (held, below, above) = (r.I64(), r.I32(), r.I32());
        m.Held.Restore(held, below, above, Samples(r, r.I32()));
        m.Breaker.Restore(r);
        m.Volatility.Restore(r);
        m.BandVolatility.Restore(r);
        m.Ladder.Restore(r);
        m.Funding.Restore(r);
        return m;
    }

    private static List<(long Time, long Units)> Samples(Hashing.CanonicalReader r, int n)
    {
        if (n < 0) throw new FormatException($"negative sample count {n}");
        var list = new List<(long, long)>(n);
        for (var i = 0; i < n; i++) list.Add((r.I64(), r.I64()));
        return list;
    }

    internal Market Clone()
    {
        var c = (Market)MemberwiseClone();
        c.Reports = (SourceReport?[])Reports.Clone();
        c.Anchors = (long[])Anchors.Clone();
        c.Window = Window.Clone();
        c.Held = Held.Clone();
        c.Breaker = Breaker.Clone();
        c.Volatility = Volatility.Clone();
        c.BandVolatility = BandVolatility.Clone();
        c.Ladder = Ladder.Clone();
        c.Funding = Funding.Clone();
        return c;
    }
}
