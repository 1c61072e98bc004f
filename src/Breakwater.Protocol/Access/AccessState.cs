using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Access;

/// <summary>Signed-mode part of the protocol state: the configuration, the address ↔ account binding and the replay guards.</summary>
public sealed class AccessState
{
    /// <summary>The configuration; null = open mode (unsigned transactions accepted).</summary>
    public AccessConfig? Config { get; internal set; }

    /// <summary>Account id of each bound address (bound at its first bridge deposit). A read-only view.</summary>
    public IReadOnlyDictionary<Address, long> AccountOf => AccountOfMap;

    /// <summary>Address of each bound account id. A read-only view.</summary>
    public IReadOnlyDictionary<long, Address> AddressOf => AddressOfMap;

    internal SortedDictionary<Address, long> AccountOfMap { get; } = new();

    internal SortedDictionary<long, Address> AddressOfMap { get; } = new();

    /// <summary>Last nonce each address used: a message must carry a larger one (gaps allowed, as nothing waits on them).</summary>
    internal SortedDictionary<Address, long> LastNonce { get; } = new();

    /// <summary>Last bridge deposit id credited: the bridge's deposit ids must increase.</summary>
    public long LastDepositId { get; internal set; }

    /// <summary>Timestamp of the last accepted report per (market, source), unix seconds: reports must move forward.</summary>
    internal SortedDictionary<(int Market, int Source), long> LastReportTime { get; } = new();

    /// <summary>The next nonce an address may use (last + 1, or 1).</summary>
    public long NextNonce(Address a) => LastNonce.TryGetValue(a, out var n) ? n + 1 : 1;

    internal void Write(CanonicalWriter w)
    {
        w.Bool(Config is not null);
        Config?.Write(w);
        w.I32(AccountOfMap.Count);
        foreach (var (a, id) in AccountOfMap) w.Str(a.Hex).I64(id);
        w.I32(LastNonce.Count);
        foreach (var (a, n) in LastNonce) w.Str(a.Hex).I64(n);
        w.I64(LastDepositId);
        w.I32(LastReportTime.Count);
        foreach (var ((m, s), t) in LastReportTime) w.I32(m).I32(s).I64(t);
    }

    /// <summary>Restores what <see cref="Write"/> wrote, into this (empty) state; the reverse map is rebuilt.</summary>
    /// <exception cref="FormatException">truncated or malformed.</exception>
    internal void Restore(CanonicalReader r)
    {
        Config = r.Bool() ? AccessConfig.Read(r) : null;
        for (var n = r.I32(); n > 0; n--)
        {
            var (a, id) = (Address.Parse(r.Str()), r.I64());
            AccountOfMap[a] = id;
            AddressOfMap[id] = a;
        }
        for (var n = r.I32(); n > 0; n--) LastNonce[Address.Parse(r.Str())] = r.I64();
        LastDepositId = r.I64();
        for (var n = r.I32(); n > 0; n--) LastReportTime[(r.I32(), r.I32())] = r.I64();
    }
}
