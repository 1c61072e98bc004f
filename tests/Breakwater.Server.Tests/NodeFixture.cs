using System.Globalization;
using System.Text;
using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;

namespace Breakwater.Server.Tests;

/// <summary>
/// Files for a node test: five watcher keys (threshold 3), a council, a governance genesis, and a scenario on a
/// synthetic three-source market (one CSV, three venues around $100) with an oracle manipulation of source 0
/// (× 1.3 for ten minutes) thirty minutes into the feed.
/// </summary>
internal static class NodeFixture
{
    public const long T0 = 1_700_000_000;

    /// <param name="dir">Folder to write into.</param>
    /// <param name="manipulation">Inject the × 1.3 manipulation of source 0 (ignored when <paramref name="injections"/> is given).</param>
    /// <param name="sources">Sources the market reads (1–3).</param>
    /// <param name="price">Price at minute i of the feed (default: $100 with a 0.1 % wave).</param>
    /// <param name="injections">The scenario's injections as a JSON array, instead of the manipulation.</param>
    /// <param name="replayKeeper">Whether the replay liquidates by itself (false leaves it to an outside keeper).</param>
    public static void Write(string dir, bool manipulation = true, int sources = 3, Func<int, double>? price = null, string? injections = null, bool replayKeeper = true)
    {
        var keys = Enumerable.Range(1, 5).Select(i => KeyFile.FromPrivateKey(Keccak.Hash(BitConverter.GetBytes(1000 + i)))).ToList();
        for (var i = 0; i < keys.Count; i++) keys[i].Save(Path.Combine(dir, $"w{i + 1}.key"));
        var council = Enumerable.Range(1, 3).Select(i => KeyFile.FromPrivateKey(Keccak.Hash(BitConverter.GetBytes(2000 + i)))).ToList();
        for (var i = 0; i < council.Count; i++) council[i].Save(Path.Combine(dir, $"c{i + 1}.key"));
        RoleSet Set(IEnumerable<KeyFile> k, int t) => RoleSet.Create(t, k.Select(x => x.Address));
        var config = new GovernanceConfig
        {
            Domain = new GovernanceDomain("Breakwater", "1", 31337, Address.Parse("0x00000000000000000000000000000000000b7ea0")),
            Watchers = Set(keys, 3), Council = Set(council, 2), Guardians = Set(council.Take(1), 1), Dao = Set(council, 2),
        };
        File.WriteAllText(Path.Combine(dir, "governance.json"), GovernanceFile.ToJson(config));
        File.WriteAllText(Path.Combine(dir, "genesis.json"), """{ "governance": "governance.json" }""");

        var csv = new StringBuilder("timestamp,unix_s,venue,symbol,open,high,low,close,volume\n");
        for (var i = 0; i < 180; i++)
            foreach (var (venue, skew) in new[] { ("a", 0.0), ("b", 0.0005), ("c", -0.0005) })
            {
                var p = price is null ? 100 * (1 + skew + 0.001 * Math.Sin(i / 7.0)) : price(i) * (1 + skew);
                var t = T0 + i * 60;
                csv.Append(CultureInfo.InvariantCulture, $"x,{t},{venue},X,{p:F4},{p * 1.0005:F4},{p * 0.9995:F4},{p:F4},1000\n");
            }
        File.WriteAllText(Path.Combine(dir, "three.csv"), csv.ToString());
        injections ??= manipulation ? $$"""[ { "type": "oracleManipulation", "source": 0, "factor": 1.3, "at": "{{Iso(T0 + 1800)}}", "durationSeconds": 600 } ]""" : "[]";
        File.WriteAllText(Path.Combine(dir, "scenario.json"), $$"""
            { "name": "three-sources", "start": "{{Iso(T0 + 1200)}}", "end": "{{Iso(T0 + 10_000)}}",
              "markets": [ { "symbol": "X-USD", "params": { "oracle.quorum": {{Math.Min(2, sources)}} }, "dailyVolumeUsd": 100000000,
                "sources": {{Sources(sources)}} } ],
              "population": { "accounts": 100 }, "keeper": { "enabled": {{(replayKeeper ? "true" : "false")}} }, "injections": {{injections}} }
            """);
    }

    /// <summary>An ISO 8601 UTC instant, as scenarios write them.</summary>
    public static string Iso(long t) => DateTimeOffset.FromUnixTimeSeconds(t).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static readonly string[] Venues = ["a", "b", "c"];

    private static string Sources(int n) => "[" + string.Join(", ", Venues.Take(n).Select(v => "{ \"file\": \"three.csv\", \"venue\": \"" + v + "\" }")) + "]";

    /// <summary>The WatcherLevel governance actions and distinct attesting watchers seen in the incidents.</summary>
    public static async Task<(int Actions, int Attesters)> QuorumAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/v1/incidents"));
        int actions = 0;
        var attesters = new HashSet<string>();
        foreach (var inc in doc.RootElement.EnumerateArray())
        {
            foreach (var a in inc.GetProperty("attestedBy").EnumerateArray()) attesters.Add(a.GetString()!);
            foreach (var t in inc.GetProperty("timeline").EnumerateArray())
                if (t.GetProperty("text").GetString()!.StartsWith(nameof(Protocol.Events.FloorSource.WatcherQuorum), StringComparison.Ordinal)) actions++;
        }
        return (actions, attesters.Count);
    }
}
