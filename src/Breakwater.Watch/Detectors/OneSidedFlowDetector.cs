using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// One-sided flow: over the window, the share of filled size that bought above the mark (or sold below it) beyond
/// <see cref="Imbalance"/>, with notional above a floor — a squeeze or a position being built (medium, no action).
/// </summary>
public sealed class OneSidedFlowDetector : IDetector
{
    /// <summary>Window, seconds. Default 900.</summary>
    public long WindowSeconds { get; init; } = 900;
    /// <summary>Imbalance share. Default 0.9.</summary>
    public double Imbalance { get; init; } = 0.9;
    /// <summary>Notional floor (USD). Default $1,000,000.</summary>
    public double MinNotionalUsd { get; init; } = 1_000_000;

    private readonly MarketBook _book = new();
    private readonly Dictionary<int, (WindowSum Buy, WindowSum Sell)> _flow = new();

    /// <inheritdoc />
    public string Name => "one-sided-flow";

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => [IncidentClass.Concentration];

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        _book.Observe(e);
        if (e is not TradeSettled t) yield break;
        if (!_flow.TryGetValue(t.Market, out var f)) _flow[t.Market] = f = (new WindowSum(WindowSeconds), new WindowSum(WindowSeconds));
        var notional = MarketBook.Units(t.Size) * MarketBook.Dollars(t.Price);
        var buyerInitiated = MarketBook.Dollars(t.Price) >= _book.Mark(t.Market);
        var buy = buyerInitiated ? f.Buy.Add(time, notional) : f.Buy.Trim(time);
        var sell = buyerInitiated ? f.Sell.Trim(time) : f.Sell.Add(time, notional);
        var total = buy + sell;
        if (total > MinNotionalUsd && Math.Max(buy, sell) / total > Imbalance)
            yield return new Finding(Name, "one-sided-flow", Severity.Medium, t.Market, time, Math.Max(buy, sell) / total, Imbalance, 0, $"flow:{t.Market}:{time / 3600}");
    }
}
