namespace Breakwater.Watch.Detectors;

/// <summary>The classes a labelled incident belongs to (the detection benchmark's labels).</summary>
public static class IncidentClass
{
    /// <summary>A real market crash or depeg: the price itself moves.</summary>
    public const string Crash = "crash";
    /// <summary>A market's only source reports a false price: nothing to compare it with but its own history.</summary>
    public const string PriceJump = "price-jump";
    /// <summary>One of several sources reports a false price (or, in a depeg, one quote currency parts from the others).</summary>
    public const string SourceDivergence = "source-divergence";
    /// <summary>A source (or the whole feed) stops reporting.</summary>
    public const string OracleOutage = "oracle-outage";
    /// <summary>Bad debt beyond what liquidations cover draws the insurance fund down (no labelled case in the suite yet).</summary>
    public const string Insolvency = "insolvency";
    /// <summary>Depositors withdraw en masse.</summary>
    public const string WithdrawalRun = "withdrawal-run";
    /// <summary>One account builds a large share of open interest.</summary>
    public const string Concentration = "concentration";
    /// <summary>Governance calls by keys that hold no role.</summary>
    public const string UnauthorizedAccess = "unauthorized-access";
    /// <summary>Borrowed collateral deposited, traded and withdrawn within one block or a few.</summary>
    public const string FlashLoan = "flash-loan";

    /// <summary>The class of an injection type of the lab on a market with <paramref name="sources"/> oracle sources.</summary>
    /// <exception cref="ArgumentException">unknown type.</exception>
    public static string OfInjection(string type, int sources) => type switch
    {
        "oracleManipulation" => sources > 1 ? SourceDivergence : PriceJump,
        "sourceOutage" => OracleOutage,
        "withdrawalRun" => WithdrawalRun,
        "concentratedPosition" => Concentration,
        "unauthorizedCalls" => UnauthorizedAccess,
        "flashLoan" => FlashLoan,
        _ => throw new ArgumentException($"no incident class for injection type '{type}'", nameof(type)),
    };
}
