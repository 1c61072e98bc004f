namespace Breakwater.Protocol.Engine;

/// <summary>Groups of <see cref="RejectReason"/>, defined once.</summary>
public static class RejectReasonExtensions
{
    /// <summary>
    /// Refusals of who signed, not of what or when: a bad or malleated signature, a signer outside the role, too few
    /// signers, a replayed message. What counts as an intrusion attempt (a timelock not yet run does not).
    /// </summary>
    public static bool IsSignerRefusal(this RejectReason r) => r is RejectReason.Unauthorized or RejectReason.BadSignature
        or RejectReason.BelowThreshold or RejectReason.Replayed;
}
