using Breakwater.Protocol.Events;

namespace Breakwater.Protocol.Engine;

/// <summary>Outcome of applying one transaction: the events it emitted, or the reason it was refused.</summary>
public sealed class ApplyResult
{
    private ApplyResult(IReadOnlyList<ProtocolEvent> events, Rejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    /// <summary>Emitted events, in order (empty when rejected).</summary>
    public IReadOnlyList<ProtocolEvent> Events { get; }

    /// <summary>The refusal, or null when accepted.</summary>
    public Rejection? Rejection { get; }

    /// <summary>True when the transaction applied.</summary>
    public bool Accepted => Rejection is null;

    internal static ApplyResult Ok(IReadOnlyList<ProtocolEvent> events) => new(events, null);

    internal static ApplyResult Refused(Rejection r) => new([], r);
}
