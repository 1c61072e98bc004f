using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Access;

/// <summary>
/// Who may move value once a protocol runs in signed mode (set once, at genesis, by <see cref="Transactions.ConfigureAccess"/>):
/// accounts are Ethereum addresses that sign their own withdrawals, orders and liquidations; deposits are credited only by
/// a k-of-n bridge role (as L2 and app-chain bridges credit L1 deposits); each oracle source is one registered reporter key.
/// Every user message is EIP-712 typed data under <see cref="Domain"/>. Without this configuration the protocol is open
/// (the lab and demos): unsigned transactions move any account.
/// </summary>
/// <param name="Domain">The EIP-712 domain user messages are signed under (name, version, chain id, verifying contract).</param>
/// <param name="Bridge">Bridge signers and how many must sign one deposit.</param>
/// <param name="Reporters">The reporter key of each oracle source, ordered by (market, source).</param>
public sealed record AccessConfig(GovernanceDomain Domain, RoleSet Bridge, IReadOnlyList<ReporterKey> Reporters)
{
    /// <summary>The first problem, or null.</summary>
    public string? Validate()
    {
        if (Bridge.Members.Count == 0) return "the bridge role has no members";
        if (Bridge.Threshold < 1 || Bridge.Threshold > Bridge.Members.Count) return $"bridge threshold {Bridge.Threshold} must be 1..{Bridge.Members.Count}";
        for (var i = 1; i < Reporters.Count; i++)
            if (Reporters[i - 1].CompareTo(Reporters[i]) >= 0) return $"reporters must be listed once each, ordered by market then source (entry {i + 1})";
        return null;
    }

    /// <summary>The reporter key of a source, or null when none is registered.</summary>
    public Address? ReporterOf(int market, int source)
    {
        foreach (var r in Reporters)
            if (r.Market == market && r.Source == source) return r.Reporter;
        return null;
    }

    /// <summary>Writes the canonical encoding.</summary>
    public void Write(CanonicalWriter w)
    {
        Domain.Write(w);
        Bridge.Write(w);
        w.I32(Reporters.Count);
        foreach (var r in Reporters) w.I32(r.Market).I32(r.Source).Str(r.Reporter.Hex);
    }

    /// <summary>Reads the canonical encoding.</summary>
    /// <exception cref="FormatException">truncated or out of range.</exception>
    public static AccessConfig Read(CanonicalReader r)
    {
        var domain = GovernanceDomain.Read(r);
        var bridge = RoleSet.Read(r);
        var n = r.I32();
        if (n is < 0 or > 100_000) throw new FormatException($"reporter count {n} out of range");
        var list = new List<ReporterKey>(n);
        for (var i = 0; i < n; i++) list.Add(new ReporterKey(r.I32(), r.I32(), Address.Parse(r.Str())));
        return new AccessConfig(domain, bridge, list);
    }
}

/// <summary>The key that signs one oracle source's reports.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Source">Source id, 0..SourceCount−1.</param>
/// <param name="Reporter">The reporter's address.</param>
public sealed record ReporterKey(int Market, int Source, Address Reporter) : IComparable<ReporterKey>
{
    /// <inheritdoc />
    public int CompareTo(ReporterKey? other)
        => other is null ? 1 : Market != other.Market ? Market.CompareTo(other.Market) : Source.CompareTo(other.Source);

    /// <summary>Orders by market, then source.</summary>
    public static bool operator <(ReporterKey? a, ReporterKey? b) => b is not null && (a is null || a.CompareTo(b) < 0);

    /// <summary>Orders by market, then source.</summary>
    public static bool operator >(ReporterKey? a, ReporterKey? b) => b < a;

    /// <summary>Orders by market, then source.</summary>
    public static bool operator <=(ReporterKey? a, ReporterKey? b) => !(a > b);

    /// <summary>Orders by market, then source.</summary>
    public static bool operator >=(ReporterKey? a, ReporterKey? b) => !(a < b);
}
