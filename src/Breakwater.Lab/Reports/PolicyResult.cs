namespace Breakwater.Lab.Reports;

/// <summary>What happened under one policy. USD as dollars (doubles, for reports only), times in seconds.</summary>
public sealed class PolicyResult
{
    /// <summary>Policy name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Deficits of bankrupt accounts: drawn from the insurance fund plus socialized.</summary>
    public double BadDebtUsd { get; set; }
    /// <summary>Insurance fund at genesis.</summary>
    public double InsuranceFundStartUsd { get; set; }
    /// <summary>Insurance fund at the end.</summary>
    public double InsuranceFundEndUsd { get; set; }
    /// <summary>Deficit nobody covered.</summary>
    public double SocializedLossUsd { get; set; }
    /// <summary>ADL fills (one per counterparty).</summary>
    public int AdlCount { get; set; }
    /// <summary>Notional closed by ADL at bankruptcy prices.</summary>
    public double AdlNotionalUsd { get; set; }
    /// <summary>Notional the minimal rule needed for the same bankruptcies.</summary>
    public double AdlMinimalNotionalUsd { get; set; }
    /// <summary>Liquidation transactions.</summary>
    public int LiquidationCount { get; set; }
    /// <summary>Notional liquidated at fill prices.</summary>
    public double LiquidatedNotionalUsd { get; set; }
    /// <summary>Times a market entered Halted.</summary>
    public int HaltCount { get; set; }
    /// <summary>
    /// Profit or loss of the backstop liquidity account (equity at the end − its deposit): what taking the other side
    /// of entries and of liquidations beyond the max discount cost or earned. Part of the protocol's outcome.
    /// </summary>
    public double BackstopPnlUsd { get; set; }
    /// <summary>Market-seconds spent halted.</summary>
    public long HaltSeconds { get; set; }
    /// <summary>Market-seconds spent reduce-only.</summary>
    public long ReduceOnlySeconds { get; set; }
    /// <summary>
    /// Market-seconds in which a position holder could not lower risk (market settled, reducing paused, or the oracle
    /// grade forbidding a reduction). Halts no longer count: reducing stays open during every halt.
    /// </summary>
    public long CannotReduceSeconds { get; set; }
    /// <summary>
    /// Liquidations executed while the market's sources disagreed beyond the divergence band (2 %, measured by the lab
    /// on the sources' latest fresh reports, whatever the policy) or the protocol's oracle grade was not Valid.
    /// </summary>
    public int ContestedLiquidationCount { get; set; }
    /// <summary>Notional of <see cref="ContestedLiquidationCount"/> at fill prices, USD.</summary>
    public double ContestedLiquidatedNotionalUsd { get; set; }
    /// <summary>Largest fall of the insurance fund plus the liquidity vault from their running peak, USD (a migration is no loss).</summary>
    public double InsuranceDrawdownUsd { get; set; }

    /// <summary>Liquidity moved into the timelocked vault during the run, USD (the vault's balance at the end).</summary>
    public double VaultUsd { get; set; }

    /// <summary>When liquidity was first moved into the vault (ISO-8601 UTC), and by what; null when never.</summary>
    public string? MigratedAt { get; set; }

    /// <summary>A final settlement executed in the run: market, price (USD), when, positions closed; null when none.</summary>
    public SettlementRecord? Settlement { get; set; }

    /// <summary>What flashLoan attackers took out beyond the loans they repaid, USD (0 when every attack was refused).</summary>
    public double FlashLoanProfitUsd { get; set; }

    /// <summary>Funding owed by the paying side over the run, USD: Σ of each settlement's total at the open interest (positions realize it, rounded up, when they change; receivers get it through the funding pool).</summary>
    public double FundingPaidUsd { get; set; }

    /// <summary>Every funding settlement: interval start (unix s), market symbol, rate for the interval (fraction) and average premium (fraction).</summary>
    public List<FundingPoint> Funding { get; set; } = [];
    /// <summary>
    /// For a scenario with injections: what the injections caused, this run minus the same population replayed without
    /// them under the same policy; null when the scenario has no injections.
    /// </summary>
    public Harm? Harm { get; set; }
    /// <summary>Incidents in order of opening.</summary>
    public List<IncidentRecord> Incidents { get; set; } = [];
    /// <summary>Events in the log.</summary>
    public long Events { get; set; }
    /// <summary>Governance messages refused (e.g. an unauthorizedCalls injection signed by unregistered keys).</summary>
    public int UnauthorizedRejected { get; set; }
    /// <summary>Transactions refused (kept out of the log).</summary>
    public long RejectedTransactions { get; set; }
    /// <summary>Head of the event hash chain.</summary>
    public string LogHeadHash { get; set; } = "";
    /// <summary>Final state hash.</summary>
    public string FinalStateHash { get; set; } = "";
    /// <summary>Where the event log was written.</summary>
    public string EventLog { get; set; } = "";
    /// <summary>Sampled series for charts.</summary>
    public List<SeriesPoint> Series { get; set; } = [];
}

/// <summary>The harm injections caused: each field is (with injections) − (without), under one policy. Positive = harm.</summary>
public sealed class Harm
{
    /// <summary>Extra liquidations.</summary>
    public int LiquidationCount { get; set; }
    /// <summary>Extra liquidated notional, USD.</summary>
    public double LiquidatedNotionalUsd { get; set; }
    /// <summary>Extra bad debt, USD.</summary>
    public double BadDebtUsd { get; set; }
    /// <summary>Extra insurance-fund drawdown (peak to trough), USD.</summary>
    public double InsuranceDrawdownUsd { get; set; }
    /// <summary>Extra notional closed by ADL, USD.</summary>
    public double AdlNotionalUsd { get; set; }

    /// <summary>The difference <paramref name="with"/> − <paramref name="without"/>.</summary>
    public static Harm Between(PolicyResult with, PolicyResult without) => new()
    {
        LiquidationCount = with.LiquidationCount - without.LiquidationCount,
        LiquidatedNotionalUsd = Math.Round(with.LiquidatedNotionalUsd - without.LiquidatedNotionalUsd, 2),
        BadDebtUsd = Math.Round(with.BadDebtUsd - without.BadDebtUsd, 6),
        InsuranceDrawdownUsd = Math.Round(with.InsuranceDrawdownUsd - without.InsuranceDrawdownUsd, 6),
        AdlNotionalUsd = Math.Round(with.AdlNotionalUsd - without.AdlNotionalUsd, 6),
    };
}

/// <summary>An incident as the report prints it.</summary>
public sealed class IncidentRecord
{
    /// <summary>Incident id.</summary>
    public long Id { get; set; }
    /// <summary>Market symbol.</summary>
    public string Market { get; set; } = "";
    /// <summary>What opened it.</summary>
    public string Trigger { get; set; } = "";
    /// <summary>Highest level reached.</summary>
    public int Level { get; set; }
    /// <summary>ISO-8601 UTC.</summary>
    public string OpenedAt { get; set; } = "";
    /// <summary>ISO-8601 UTC, or null while open at the end.</summary>
    public string? ClosedAt { get; set; }
    /// <summary>Level changes and status actions, in order.</summary>
    public List<string> Actions { get; set; } = [];
}

/// <summary>One sample of the charts' series (first market).</summary>
public sealed class SeriesPoint
{
    /// <summary>Unix seconds.</summary>
    public long T { get; set; }
    /// <summary>Last report per source.</summary>
    public double[] Sources { get; set; } = [];
    /// <summary>Index.</summary>
    public double Index { get; set; }
    /// <summary>Mark.</summary>
    public double Mark { get; set; }
    /// <summary>Band low (0 when the band is off).</summary>
    public double BandLow { get; set; }
    /// <summary>Band high (0 when the band is off).</summary>
    public double BandHigh { get; set; }
    /// <summary>Ladder level.</summary>
    public int Level { get; set; }
    /// <summary>Status name.</summary>
    public string Status { get; set; } = "";
    /// <summary>Insurance fund, USD.</summary>
    public double InsuranceFund { get; set; }
    /// <summary>Cumulative liquidated notional, USD.</summary>
    public double Liquidated { get; set; }
    /// <summary>Cumulative ADL notional, USD.</summary>
    public double Adl { get; set; }
}

/// <summary>One funding settlement of a replay.</summary>
/// <param name="T">Start of the settled interval, unix seconds.</param>
/// <param name="Market">Market symbol.</param>
/// <param name="Rate">Rate paid for the interval (0.0001 = 0.01 %; positive: longs paid shorts).</param>
/// <param name="Premium">Time-weighted average premium (mark − index) / index over the interval.</param>
/// <param name="PaidUsd">Paid by the paying side, USD.</param>
public sealed record FundingPoint(long T, string Market, double Rate, double Premium, double PaidUsd);

/// <summary>A market's final settlement in a replay.</summary>
/// <param name="Market">Market symbol.</param>
/// <param name="PriceUsd">Settlement price, USD.</param>
/// <param name="At">When it executed (ISO-8601 UTC).</param>
/// <param name="Positions">Positions closed at the price.</param>
public sealed record SettlementRecord(string Market, double PriceUsd, string At, int Positions);
