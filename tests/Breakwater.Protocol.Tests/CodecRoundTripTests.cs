using System.Reflection;
using Breakwater.Protocol.Access;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>
/// The canonical codec reads back what it writes: one transaction of every kind, and every single field of every
/// parameter record (changed alone from its default, so a field left out of Write or Read comes back as its default and
/// fails the test by name).
/// </summary>
public class CodecRoundTripTests
{
    private static string Hex(Transaction t) => Convert.ToHexString(t.Encode());

    [Fact]
    public void OneTransactionOfEveryKind_DecodesToTheSameBytes()
    {
        var g = new GovBook();
        var s = new SignedBook();
        var (queue, id) = g.Proposal(DaoOperationKind.SetMarketParams, GovBook.ParamsPayload(new MarketParams()), g.Dao[0], g.Dao[1]);
        var m = new LiquidationMessage(s.Users[2].Address, 3, TestBook.Btc, 5, 1, 9);
        var samples = new Transaction[]
        {
            new CreateMarket(3, "SOL-USD", new MarketParams(), Price.FromDollars(20)), new Deposit(7, Usd.FromDollars(5)), new Withdraw(7, Usd.FromDollars(2)),
            new FundInsurance(Usd.FromDollars(9)), new Trade(0, 7, 8, new Size(Size.Scale), Price.FromDollars(100)), new OracleReport(0, 2, Price.FromDollars(101)),
            new Liquidate(7, 0, 1, Price.FromDollars(99)), new ConfigureMarketWideBreaker(new MarketWideParams()), new Tick(),
            new ConfigureGovernance(g.Engine.State.Governance.Config!), g.Attestation(g.Watchers[0]), g.Pause(Role.Council, PauseFlags.Open, 600, g.Council[0], g.Council[1]),
            g.Veto(id, g.Council[0], g.Council[1]), queue, new ExecuteOperation(id), g.Signal(g.Peers[0]), g.Cancel(id, g.Dao[0], g.Dao[1]),
            new ConfigureAccess(new AccessConfig(SignedBook.Domain, RoleSet.Create(2, s.Bridge.Select(k => k.Address)), [new ReporterKey(1, 0, s.Reporter.Address)])),
            s.Deposit(s.Users[0].Address, 5), s.Withdraw(0, 1, 3), s.Match(s.Order(0, true, 1, 10_000, 1), s.Order(1, false, 1, 9_000, 4), 9_500), s.Report(1, 2),
            new SignedLiquidate(m, SignedBook.Sign(m, s.Users[2])),
        };
        foreach (var tx in samples)
        {
            var stamped = tx with { Time = 1_700_000_123 };
            Assert.Equal(Hex(stamped), Hex(TxCodec.Decode(stamped.Encode())));
        }
        var missing = Enum.GetValues<TxKind>().Except(samples.Select(t => t.Kind)).ToList();
        Assert.True(missing.Count == 0, $"no round-trip sample for {string.Join(", ", missing)}");
    }

    [Fact]
    public void EveryFieldOfTheMarketParameters_RoundTrips()
        => EveryLeafRoundTrips(new MarketParams(), p => ((CreateMarket)TxCodec.Decode(new CreateMarket(0, "X", p, Price.FromDollars(1)).Encode())).Params, minimum: 40);

    [Fact]
    public void EveryFieldOfTheMarketWideBreaker_RoundTrips()
        => EveryLeafRoundTrips(new MarketWideParams(), p => ((ConfigureMarketWideBreaker)TxCodec.Decode(new ConfigureMarketWideBreaker(p).Encode())).Params, minimum: 5);

    [Fact]
    public void EveryDurationOfTheGovernanceConfig_RoundTrips()
        => EveryLeafRoundTrips(new GovBook().Engine.State.Governance.Config!, c => ((ConfigureGovernance)TxCodec.Decode(new ConfigureGovernance(c).Encode())).Config, minimum: 4,
            // Role sets and the domain are compared by their encoding (a role set is a set, not a record).
            compare: (a, b) => Convert.ToHexString(new ConfigureGovernance(a).Encode()) == Convert.ToHexString(new ConfigureGovernance(b).Encode()));

    private static void EveryLeafRoundTrips<T>(T defaults, Func<T, T> roundTrip, int minimum, Func<T, T, bool>? compare = null) where T : class
    {
        compare ??= (a, b) => Equals(a, b);
        var leaves = Leaves(typeof(T), []).ToList();
        Assert.True(leaves.Count >= minimum, $"only {leaves.Count} fields of {typeof(T).Name} found: the walk is broken");
        var failures = new List<string>();
        foreach (var path in leaves)
        {
            var changed = (T)With(defaults, path);
            Assert.False(compare(changed, defaults), $"{string.Join('.', path.Select(p => p.Name))}: the change did not change the record");
            if (!compare(roundTrip(changed), changed)) failures.Add(string.Join('.', path.Select(p => p.Name)));
        }
        Assert.True(failures.Count == 0, $"{typeof(T).Name} fields that do not survive the codec: {string.Join(", ", failures)}");
    }

    // Settable fields, descending into nested parameter records.
    private static IEnumerable<PropertyInfo[]> Leaves(Type t, PropertyInfo[] prefix)
    {
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.Name != "EqualityContract"))
        {
            if (p.PropertyType.IsClass && p.PropertyType.Name.EndsWith("Params", StringComparison.Ordinal)) foreach (var l in Leaves(p.PropertyType, [.. prefix, p])) yield return l;
            else if (Bump(p.PropertyType, null) is not null) yield return [.. prefix, p];
        }
    }

    private static object With(object record, PropertyInfo[] path)
    {
        var copy = record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
        var p = path[0];
        p.SetValue(copy, path.Length == 1 ? Bump(p.PropertyType, p.GetValue(record)) : With(p.GetValue(record)!, path[1..]));
        return copy;
    }

    // A value different from v of the field's type (null: a type this walk does not change).
    private static object? Bump(Type t, object? v) => t switch
    {
        _ when t == typeof(long) => v is long l ? Step(l) : 0L,
        _ when t == typeof(int) => v is int i ? (int)Step(i) : 0,
        _ when t == typeof(bool) => v is bool b ? !b : false,
        _ when t == typeof(Fraction) => v is Fraction f ? new Fraction(Step(f.Ppm)) : default(Fraction),
        _ when t == typeof(Usd) => v is Usd u ? new Usd(Step(u.Micros)) : default(Usd),
        _ when t == typeof(Size) => v is Size z ? new Size(Step(z.Units)) : default(Size),
        _ when t == typeof(Price) => v is Price x ? new Price(Step(x.Units)) : default(Price),
        _ when t.IsEnum => v is null ? Enum.GetValues(t).GetValue(0) : Enum.GetValues(t).Cast<object>().First(e => !e.Equals(v)),
        _ => null,
    };

    // Down from a maximum ("no cap"), up otherwise.
    private static long Step(long v) => v >= int.MaxValue ? v - 1 : v + 1;
}
