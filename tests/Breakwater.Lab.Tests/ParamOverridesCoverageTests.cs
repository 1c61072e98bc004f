using System.Reflection;
using System.Text.Json;
using Breakwater.Lab.Policies;
using Breakwater.Lab.Scenarios;
using Breakwater.Protocol.Markets;

namespace Breakwater.Lab.Tests;

/// <summary>
/// Every market parameter can be set from a scenario or policy file: the names in <see cref="ParamOverrides"/> drifted
/// from <see cref="MarketParams"/> once (eight fields had no name). Walks every leaf of MarketParams and its nested
/// parameter records and fails naming each leaf no override name changes.
/// </summary>
public class ParamOverridesCoverageTests
{
    private static readonly string[] Candidates = ["0.01", "0.02", "0.123457", "1", "1.5", "2", "7", "3600", "true", "false", .. Enum.GetNames<AdlMode>().Select(n => $"\"{n}\"")];

    private static IEnumerable<(string Path, object? Value)> Leaves(object o, string prefix)
    {
        foreach (var p in o.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            var v = p.GetValue(o);
            var t = p.PropertyType;
            if (t.Namespace == typeof(MarketParams).Namespace && t.IsClass && t.Name.EndsWith("Params", StringComparison.Ordinal) && v is not null)
                foreach (var leaf in Leaves(v, prefix + p.Name + ".")) yield return leaf;
            else if (p.SetMethod is not null) // init-only setters: the record's own fields, not computed members
                yield return (prefix + p.Name, v);
        }
    }

    [Fact]
    public void EveryMarketParameter_HasAnOverrideName()
    {
        // Seven sources, as a scenario with seven price files would set, so that a quorum can differ from its default.
        var basis = new MarketParams() with { Oracle = new OracleParams { SourceCount = 7 } };
        var defaults = Leaves(basis, "").ToDictionary(l => l.Path, l => l.Value);
        Assert.True(defaults.Count > 40, $"only {defaults.Count} leaves found: the walk is broken");
        var covered = new HashSet<string>();
        foreach (var name in ParamOverrides.Names)
            foreach (var candidate in Candidates)
            {
                MarketParams p;
                try { p = ParamOverrides.Apply(basis, new Dictionary<string, JsonElement> { [name] = JsonDocument.Parse(candidate).RootElement }, "test"); }
                catch (ScenarioException) { continue; }
                var changed = Leaves(p, "").Where(l => !Equals(l.Value, defaults[l.Path])).Select(l => l.Path).ToList();
                if (changed.Count == 0) continue;
                covered.UnionWith(changed);
                break;
            }
        // The number of sources is the scenario's (one per price file), not a policy's choice.
        var missing = defaults.Keys.Where(k => !covered.Contains(k) && k != "Oracle.SourceCount").Order().ToList();
        Assert.True(missing.Count == 0, $"market parameters no policy file can set: {string.Join(", ", missing)}");
    }
}
