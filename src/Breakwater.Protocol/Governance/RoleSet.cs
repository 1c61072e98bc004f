using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Governance;

/// <summary>Members of a role and how many distinct members must sign.</summary>
public sealed class RoleSet
{
    /// <summary>Members, in address order.</summary>
    public SortedSet<Address> Members { get; } = new();

    /// <summary>Distinct signatures required (k of n).</summary>
    public int Threshold { get; internal set; } = 1;

    /// <summary>A role set of <paramref name="members"/> (duplicates collapse) with threshold <paramref name="threshold"/>.</summary>
    public static RoleSet Create(int threshold, IEnumerable<Address> members)
    {
        var s = new RoleSet { Threshold = threshold };
        foreach (var m in members) s.Members.Add(m);
        return s;
    }

    /// <summary>Writes the canonical encoding.</summary>
    public void Write(CanonicalWriter w)
    {
        w.I32(Threshold).I32(Members.Count);
        foreach (var m in Members) w.Str(m.Hex);
    }

    /// <summary>Reads into a new set.</summary>
    public static RoleSet Read(CanonicalReader r)
    {
        var s = new RoleSet { Threshold = r.I32() };
        var n = r.I32();
        for (var i = 0; i < n; i++) s.Members.Add(Address.Parse(r.Str()));
        return s;
    }

    internal RoleSet Clone()
    {
        var c = new RoleSet { Threshold = Threshold };
        foreach (var m in Members) c.Members.Add(m);
        return c;
    }
}
