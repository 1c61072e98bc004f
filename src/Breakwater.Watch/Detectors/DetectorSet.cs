namespace Breakwater.Watch.Detectors;

/// <summary>The default detectors a watcher runs.</summary>
public static class DetectorSet
{
    /// <summary>A fresh set (detectors keep state: one set per stream).</summary>
    public static List<IDetector> Default() =>
    [
        new VolatilitySpikeDetector(),
        new OracleDivergenceDetector(),
        new OracleStalenessDetector(),
        new LiquidationCascadeDetector(),
        new InsuranceDrainDetector(),
        new TvlOutflowDetector(),
        new ConcentrationDetector(),
    ];
}
