using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Markets;

/// <summary>
/// Risk and trading parameters of one perpetual market. Fractions are in ppm
/// (<see cref="Fraction"/>), amounts in 1e-6 USD, sizes in 1e-8 base units, times in seconds.
/// Defaults follow public venue values, cited on each member.
/// </summary>
public sealed record MarketParams
{
    /// <summary>Initial margin fraction (IMF). Default 10 % (dYdX v4 liquidity tier "mid-cap": IMF 10 %). Max leverage = 1 / IMF.</summary>
    public Fraction InitialMarginFraction { get; init; } = Fraction.FromPercent(10);

    /// <summary>Maintenance margin fraction (MMF). Default 5 % (dYdX v4: MMF = 0.5 × IMF; Hyperliquid: MM = ½ IM at max leverage).</summary>
    public Fraction MaintenanceMarginFraction { get; init; } = Fraction.FromPercent(5);

    /// <summary>Cap on open interest (long side), in 1e-8 base units; <see cref="long.MaxValue"/> = no cap.</summary>
    public Size OpenInterestCap { get; init; } = new(long.MaxValue);

    /// <summary>Liquidation fee as a fraction of the liquidated notional at the mark price; paid to the insurance fund from equity above bankruptcy. Default 1 %.</summary>
    public Fraction LiquidationFeeFraction { get; init; } = Fraction.FromPercent(1);

    /// <summary>
    /// Largest discount from the mark price a liquidation fill may have (a long is sold at no less
    /// than mark × (1 − d), a short bought at no more than mark × (1 + d)). Default 5 %.
    /// </summary>
    public Fraction MaxLiquidationDiscount { get; init; } = Fraction.FromPercent(5);

    /// <summary>Positions at or below this notional (at mark) are liquidated in full. Default $100,000 (Hyperliquid liquidates 20 % of positions above $100k).</summary>
    public Usd PartialLiquidationThreshold { get; init; } = Usd.FromDollars(100_000);

    /// <summary>Prices must be multiples of this (1e-8 USD units). Default 1 unit.</summary>
    public Price TickSize { get; init; } = new(1);

    /// <summary>Sizes must be multiples of this (1e-8 base units). Default 1 unit.</summary>
    public Size StepSize { get; init; } = new(1);

    /// <summary>Trading fee per side as a fraction of notional. Default 0.05 % (5 bp, a common taker fee).</summary>
    public Fraction TradingFeeFraction { get; init; } = Fraction.FromBasisPoints(5);

    /// <summary>Share of trading fees paid into the insurance fund; the rest goes to the fee pool. Default 50 %.</summary>
    public Fraction InsuranceFundFeeShare { get; init; } = Fraction.FromPercent(50);

    /// <summary>Whether liquidations continue while the market is halted. Default true: halting liquidations in a crash grows bad debt.</summary>
    public bool LiquidateWhenHalted { get; init; } = true;

    /// <summary>How auto-deleveraging chooses counterparties. Default <see cref="AdlMode.Ranked"/>.</summary>
    public AdlMode AdlMode { get; init; } = AdlMode.Ranked;

    /// <summary>Oracle aggregation and validity rules.</summary>
    public OracleParams Oracle { get; init; } = new();

    /// <summary>Price-band circuit breaker.</summary>
    public BreakerParams Breaker { get; init; } = new();

    /// <summary>Volatility-scaled margin.</summary>
    public DynamicMarginParams DynamicMargin { get; init; } = new();

    /// <summary>Response ladder thresholds and cooldowns.</summary>
    public LadderParams Ladder { get; init; } = new();

    /// <summary>Funding rate and interval.</summary>
    public FundingParams Funding { get; init; } = new();

    /// <summary>
    /// Deposit maturity, seconds: collateral deposited this recently cannot back new risk in this market nor a
    /// withdrawal (the protocol uses the longest window of its markets), which breaks a flash loan — borrow, deposit,
    /// trade, withdraw and repay inside one block — since every transaction of a block carries the block's one
    /// timestamp. 0 = off (the default: it changes no existing deployment); the breakwater policy sets 12 s, one
    /// Ethereum slot (consensus specs, <c>SECONDS_PER_SLOT</c> = 12), so the deposit must also survive into the next block.
    /// </summary>
    public long DepositMaturitySeconds { get; init; }

    /// <summary>
    /// Checks internal consistency and returns the first problem, or null.
    /// </summary>
    public string? Validate()
    {
        if (InitialMarginFraction.Ppm is <= 0 or > Fraction.Scale) return "initial margin fraction must be in (0, 1]";
        if (MaintenanceMarginFraction.Ppm <= 0 || MaintenanceMarginFraction > InitialMarginFraction) return "maintenance margin fraction must be in (0, IMF]";
        if (OpenInterestCap.Units <= 0) return "open-interest cap must be positive";
        if (LiquidationFeeFraction.Ppm < 0 || LiquidationFeeFraction >= MaintenanceMarginFraction) return "liquidation fee must be in [0, MMF)";
        if (MaxLiquidationDiscount.Ppm is < 0 or >= Fraction.Scale) return "max liquidation discount must be in [0, 1)";
        if (TickSize.Units <= 0 || StepSize.Units <= 0) return "tick and step size must be positive";
        if (TradingFeeFraction.Ppm is < 0 or > 100_000) return "trading fee must be in [0, 10 %]";
        if (InsuranceFundFeeShare.Ppm is < 0 or > Fraction.Scale) return "insurance-fund fee share must be in [0, 1]";
        if (PartialLiquidationThreshold.Micros < 0) return "partial liquidation threshold must be ≥ 0";
        if (DepositMaturitySeconds is < 0 or > 86_400) return "deposit maturity must be in [0, 1 day]";
        return Oracle.Validate() ?? Breaker.Validate() ?? DynamicMargin.Validate() ?? Ladder.Validate() ?? Funding.Validate();
    }

    /// <summary>Writes the canonical encoding: every field of <see cref="MarketParamsSchema"/>, in its order.</summary>
    public void Write(CanonicalWriter w) => MarketParamsSchema.Schema.Write(w, this);

    /// <summary>Reads the canonical encoding.</summary>
    /// <exception cref="FormatException">truncated or malformed data.</exception>
    public static MarketParams Read(CanonicalReader r) => MarketParamsSchema.Schema.Read(r);
}
