namespace Breakwater.Protocol.Oracle;

/// <summary>
/// Graded validity of a market's oracle, worst last (after Drift's OracleValidity). A report of a
/// non-positive or out-of-range price never enters the state: it is rejected at the transaction
/// boundary (<see cref="Engine.RejectReason.InvalidPrice"/>), so no "non-positive" grade can arise.
/// </summary>
public enum OracleValidity : byte
{
    /// <summary>Enough fresh, agreeing sources; the index moved within bounds.</summary>
    Valid = 0,

    /// <summary>Accepted sources disagree by more than the divergence band; the index (median) is still usable to reduce risk.</summary>
    Diverging = 1,

    /// <summary>The index moved further than the too-volatile band from its rolling average.</summary>
    TooVolatile = 2,

    /// <summary>Fewer sources than the quorum are left after outlier rejection.</summary>
    InsufficientSources = 3,

    /// <summary>No source reported within the maximum report age.</summary>
    Stale = 4,
}
