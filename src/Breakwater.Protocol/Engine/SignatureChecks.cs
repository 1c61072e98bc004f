using Breakwater.Protocol.Governance;
using static Breakwater.Protocol.Engine.ApplyContext;

namespace Breakwater.Protocol.Engine;

/// <summary>The checks every signed message shares, governance and signed-mode alike: its expiry, and k-of-n signers of a role.</summary>
internal static class SignatureChecks
{
    /// <summary>The refusal of an expiry already past, or more than <paramref name="maxLifetime"/> seconds ahead (default <see cref="GovernanceLimits.MaxMessageLifetimeSeconds"/>).</summary>
    public static Rejection? Expiry(long now, long expiry, long maxLifetime = GovernanceLimits.MaxMessageLifetimeSeconds)
    {
        if (expiry < now) return Reject(RejectReason.Expired, $"message expired at {expiry}, now {now}");
        return expiry - now > maxLifetime
            ? Reject(RejectReason.InvalidOperation, $"expiry {expiry} is more than {maxLifetime} s ahead of {now}: sign messages with a short deadline")
            : null;
    }

    /// <summary>
    /// Recovers every signature over <paramref name="digest"/>; each must be a member of <paramref name="members"/>, and at
    /// least <paramref name="threshold"/> distinct members must sign. <paramref name="role"/> names the role in refusals.
    /// </summary>
    public static Rejection? Members(ISignatureVerifier verifier, byte[] digest, IReadOnlyList<byte[]> signatures, RoleSet members, int threshold, string role,
        out SortedSet<Address> signers)
    {
        signers = new SortedSet<Address>();
        for (var i = 0; i < signatures.Count; i++)
        {
            var raw = verifier.RecoverAddress(digest, signatures[i]);
            if (raw is null) return Reject(RejectReason.BadSignature, $"signature #{i + 1} is malformed or malleated (high s)");
            var who = Address.FromBytes(raw);
            if (!members.Members.Contains(who)) return Reject(RejectReason.Unauthorized, $"signature #{i + 1} recovers to {who}, not a {role} (wrong key or wrong domain)");
            signers.Add(who);
        }
        return signers.Count < threshold ? Reject(RejectReason.BelowThreshold, $"{signers.Count} distinct {role} signatures, {threshold} required") : null;
    }
}
