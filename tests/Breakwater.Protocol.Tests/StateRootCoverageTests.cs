using System.Reflection;
using System.Runtime.CompilerServices;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Protocol.Tests;

/// <summary>
/// The state root covers the whole state: every field of the protocol state, of a market and of its breaker, volatility
/// monitor, ladder and funding accrual, of an account and of its position is changed in turn, and the root must change
/// with it — or the test names the field it cannot see.
/// Two states with one root then cannot behave differently on the next transaction.
/// </summary>
public class StateRootCoverageTests
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>An engine with a market that has seen reports, trades and a move, so that no field sits at a trivial value.</summary>
    private static ProtocolEngine Busy()
    {
        var b = new TestBook(new MarketParams { Oracle = new OracleParams { SourceCount = 2 } });
        b.Deposit(1, 100_000);
        b.Deposit(2, 100_000);
        b.Buy(1, 2, 1, 10_000);
        b.Mark(10_100, 0, 60);
        b.Mark(10_050, 1, 60);
        b.Mark(10_400, 0, 60);
        b.Mark(10_400, 0, 3_600); // past the hour: funding settles, so the funding fields are not at zero
        return b.Engine;
    }

    /// <summary>A different value of the same type: scalars moved by one, enums to another member, structs with one field changed.</summary>
    private static object? Different(Type t, object? current)
    {
        if (t == typeof(long)) return (long)current! + 7;
        if (t == typeof(Int128)) return (Int128)current! + 7;
        if (t == typeof(int)) return (int)current! + 1;
        if (t == typeof(bool)) return !(bool)current!;
        if (t == typeof(ulong)) return (ulong)current! + 1;
        if (t.IsEnum)
        {
            var values = Enum.GetValues(t).Cast<object>().ToList();
            return values.FirstOrDefault(v => !v.Equals(current)) ?? throw new InvalidOperationException($"{t.Name} has one member");
        }
        if (t.IsValueType && !t.IsPrimitive)
        {
            var boxed = current ?? Activator.CreateInstance(t)!;
            var f = t.GetFields(Instance).First(f => f.FieldType == typeof(long) || f.FieldType.IsEnum || f.FieldType == typeof(int));
            var copy = RuntimeHelpers.GetUninitializedObject(t);
            foreach (var g in t.GetFields(Instance)) g.SetValue(copy, g.GetValue(boxed));
            f.SetValue(copy, Different(f.FieldType, f.GetValue(boxed)));
            return copy;
        }
        return null;
    }

    private static IEnumerable<string> Invisible(ProtocolEngine e, object target, string path)
    {
        foreach (var f in target.GetType().GetFields(Instance))
        {
            var name = $"{path}.{f.Name.Replace("<", "").Replace(">k__BackingField", "")}";
            var value = f.GetValue(target);
            // Nested guards are checked field by field; the window and arrays by changing one element.
            if (value is CircuitBreaker or VolatilityMonitor or LadderState or HeldPrice or FundingState)
            {
                foreach (var n in Invisible(e, value, name)) yield return n;
                continue;
            }
            var before = e.StateHash();
            Action? restore = null;
            switch (value)
            {
                case PriceWindow w:
                    var clone = (PriceWindow)typeof(PriceWindow).GetMethod("Clone", Instance)!.Invoke(w, null)!;
                    w.Add(e.State.Time + 1, 123_456, 1_000_000);
                    restore = () => f.SetValue(target, clone);
                    break;
                case Queue<(long Time, long Units)> q:
                    var kept = new Queue<(long Time, long Units)>(q);
                    q.Enqueue((e.State.Time + 1, 123_456));
                    restore = () => f.SetValue(target, kept);
                    break;
                case long[] a when a.Length > 0:
                    a[0] += 7;
                    restore = () => a[0] -= 7;
                    break;
                case SourceReport?[] r when r.Length > 0:
                    var old = r[0];
                    r[0] = new SourceReport((old?.Units ?? 0) + 7, old?.Time ?? 0);
                    restore = () => r[0] = old;
                    break;
                default:
                    var changed = Different(f.FieldType, value);
                    if (changed is null) continue; // collections and params records: covered by their own encodings
                    f.SetValue(target, changed);
                    restore = () => f.SetValue(target, value);
                    break;
            }
            var after = e.StateHash();
            restore();
            if (after == before) yield return name;
            Assert.Equal(before, e.StateHash()); // restored exactly
        }
    }

    [Fact]
    public void EveryFieldOfTheStateItsMarketsAndAccounts_ChangesTheRoot()
    {
        var e = Busy();
        var market = e.State.Markets[TestBook.Btc];
        var account = e.State.Accounts[1];
        var invisible = Invisible(e, e.State, "ProtocolState").Concat(Invisible(e, market, "Market"))
            .Concat(Invisible(e, account, "Account")).Concat(Invisible(e, account.SinglePosition!, "Position"))
            // Where the liquidation index holds the account: the engine's bookkeeping, rebuilt from the state on restore.
            .Where(name => name != "Account.IndexEntry").ToList();
        Assert.True(invisible.Count == 0, "the state root does not see: " + string.Join(", ", invisible));
        Assert.NotEqual(Int128.Zero, market.Funding.CumulativeIndex); // the busy state has settled funding
    }
}
