namespace Breakwater.Watch.Detectors;

/// <summary>The default detectors a watcher runs.</summary>
public static class DetectorSet
{
    /// <summary>A fresh set with default thresholds (detectors keep state: one set per stream).</summary>
    public static List<IDetector> Default() => new DetectorConfig().Create();
}
