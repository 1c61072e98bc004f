using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Governance;

/// <summary>Members of a role and how many distinct members must sign.</summary>
public sealed class RoleSet
{
    private readonly SortedSet<Address> _members = new();

    /// <summary>Members, in address order. A read-only view: members change through governance (a new set), never in place.</summary>
    public IReadOnlySet<Address> Members => _members;

    /// <summary>Distinct signatures required (k of n).</summary>
    public int Threshold { get; internal set; } = 1;

    /// <summary>A role set of <paramref name="members"/> (duplicates collapse) with threshold <paramref name="threshold"/>.</summary>
    public static RoleSet Create(int threshold, IEnumerable<Address> members)
    {
        var s = new RoleSet { Threshold = threshold };
        foreach (var m in members) s._members.Add(m);
        return s;
    }

    /// <summary>Writes the canonical encoding.</summary>
    public void Write(CanonicalWriter w)
    {
        w.I32(Threshold).I32(_members.Count);
        foreach (var m in _members) w.Str(m.Hex);
    }

    /// <summary>Reads into a new set.</summary>
    public static RoleSet Read(CanonicalReader r)
    {
        var s = new RoleSet { Threshold = r.I32() };
        var n = r.I32();
        for (var i = 0; i < n; i++) s._members.Add(Address.Parse(r.Str()));
        return s;
    }

    internal RoleSet Clone()
    {
        var c = new RoleSet { Threshold = Threshold };
        foreach (var m in _members) c._members.Add(m);
        return c;
    }
}
