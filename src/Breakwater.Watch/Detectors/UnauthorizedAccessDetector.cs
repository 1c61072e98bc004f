using Breakwater.Protocol.Engine;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Unauthorized access: refused governance messages (bad signature, unknown signer, below threshold) as the node
/// publishes them. Any is a finding — critical from <see cref="CriticalCount"/> within the window. Fed by
/// <see cref="ObserveRejection"/>; refusals are not chain events.
/// </summary>
public sealed class UnauthorizedAccessDetector
{
    /// <summary>Refusals within an hour that make it critical. Default 3.</summary>
    public int CriticalCount { get; init; } = 3;

    private readonly WindowSum _count = new(3_600);

    /// <summary>Detector name.</summary>
    public static string Name => "unauthorized-access";

    /// <inheritdoc />
    public static IReadOnlyList<string> Classes => [IncidentClass.UnauthorizedAccess];

    /// <summary>Feeds one refusal notice.</summary>
    public Finding? ObserveRejection(long time, string reason)
    {
        if (!Enum.TryParse<RejectReason>(reason, out var r) || !r.IsSignerRefusal()) return null;
        var n = _count.Add(time, 1);
        return new Finding(Name, "unauthorized-access", n >= CriticalCount ? Severity.Critical : Severity.Medium, -1, time, n, CriticalCount, 0, $"unauthorized:{time / 3600}");
    }
}
