using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>Insurance fund drain: draws within the window above <see cref="Fraction"/> of the fund before them (level 2).</summary>
public sealed class InsuranceDrainDetector : IDetector
{
    /// <summary>Window, seconds. Default 3,600.</summary>
    public long WindowSeconds { get; init; } = 3_600;
    /// <summary>Share of the fund. Default 10 %.</summary>
    public double Fraction { get; init; } = 0.10;

    private OutflowRatio? _draws;

    /// <inheritdoc />
    public string Name => "insurance-drain";

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => [IncidentClass.Insolvency];

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        if (e is not InsuranceFundDrawn d) yield break;
        var ratio = (_draws ??= new OutflowRatio(WindowSeconds)).Add(time, MarketBook.Dollars(d.Amount), MarketBook.Dollars(d.FundAfter));
        if (ratio > Fraction)
            yield return new Finding(Name, "insurance-drain", Severity.High, -1, time, ratio, Fraction, 2, $"drain:{time / 3600}");
    }
}
