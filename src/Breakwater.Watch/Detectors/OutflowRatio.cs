namespace Breakwater.Watch.Detectors;

/// <summary>
/// Outflow from a stock over a sliding window, as a share of the stock before the window's outflows:
/// outflow / (stock after + outflow). Shared by the insurance-drain and TVL-outflow detectors.
/// </summary>
internal sealed class OutflowRatio(long windowSeconds)
{
    private WindowSum? _window;

    /// <summary>Records an outflow that left <paramref name="stockAfter"/>; returns the window's ratio.</summary>
    public double Add(long time, double amount, double stockAfter)
    {
        var outflow = (_window ??= new WindowSum(windowSeconds)).Add(time, amount);
        return outflow / Math.Max(stockAfter + outflow, 1e-9);
    }
}
