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

    /// <summary>
    /// The incident classes (<see cref="IncidentClass"/>) this detector is meant to catch: its recall is measured over the
    /// labelled incidents of these classes only; its precision over everything it reports.
    /// </summary>
    IReadOnlyList<string> Classes { get; }

    /// <summary>Feeds one event; returns findings (usually none).</summary>
    IEnumerable<Finding> Observe(long time, ProtocolEvent e);
}
