namespace Breakwater.Watch.Detectors;

/// <summary>
/// The conservation invariant, recomputed from public numbers: collateral − cost basis + funds must equal deposits −
/// withdrawals + recorded socialized loss, exactly. Any difference is critical.
/// </summary>
public static class ConservationCheck
{
    /// <summary>A finding when the books do not balance, else null (amounts in USD).</summary>
    public static Finding? Check(long time, decimal claimsPlusFunds, decimal deposits, decimal withdrawals, decimal socialized)
    {
        var gap = claimsPlusFunds - (deposits - withdrawals + socialized);
        return gap == 0 ? null : new Finding("conservation", "invariant-broken", Severity.Critical, -1, time, (double)gap, 0, 2, $"conservation:{time / 3600}");
    }
}
