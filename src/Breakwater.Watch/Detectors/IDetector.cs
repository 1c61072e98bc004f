using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// A detector reads the protocol's public events in order (with their market time) and reports findings. Detectors
/// live outside the core, so they may use floating point; they never change the protocol, only inform watchers.
/// </summary>
public interface IDetector
{
    /// <summary>Short name, e.g. "volatility".</summary>
    string Name { get; }

    /// <summary>Feeds one event; returns findings (usually none).</summary>
    IEnumerable<Finding> Observe(long time, ProtocolEvent e);
}
