using System.Text;
using System.Text.Json;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>
/// A generated corpus of bad requests against every state-changing endpoint: each gets a 4xx with a JSON reason, never a
/// 500 or a hang, and the state root is the same afterwards.
/// </summary>
public class BadInputCorpusTests
{
    private static readonly string[] Hostile =
    [
        "1e400", "-1e400", "1e-400", "1e100000000", "1e2147483647", "-1", "0", "99999999999999999999999", "1.0000000000001",
        "\"NaN\"", "\"Infinity\"", "\"-0\"", "null", "true", "[]", "{}", "\"\"", "\"1e5\"", "18446744073709551616", "-9223372036854775809",
    ];

    private static IEnumerable<(string Body, string ContentType)> Corpus(string endpoint, Random rng)
    {
        string[] types = endpoint == "/v1/tx" ? ["deposit", "withdraw", "fundInsurance", "trade", "oracleReport", "liquidate", "execute", "mint", ""] : ["x"];
        string[] fields = ["account", "amount", "market", "buyer", "seller", "size", "price", "source", "liquidator", "fillPrice", "operation"];
        for (var i = 0; i < 220; i++)
        {
            var type = types[rng.Next(types.Length)];
            var body = (i % 11) switch
            {
                0 => "{\"type\":\"deposit\",\"account\":1,\"amount\":" + Hostile[rng.Next(Hostile.Length)] + ",\"unexpected\":1}",
                1 => "{\"type\":" + Hostile[rng.Next(Hostile.Length)] + "}",
                2 => "{\"type\":\"" + type + "\",\"" + fields[rng.Next(fields.Length)] + "\":" + Hostile[rng.Next(Hostile.Length)] + "}",
                3 => "{\"type\":\"trade\",\"market\":0,\"buyer\":1,\"seller\":1,\"size\":" + Hostile[rng.Next(Hostile.Length)] + ",\"price\":30000}",
                4 => "{\"type\":\"oracleReport\",\"market\":0,\"source\":" + Hostile[rng.Next(Hostile.Length)] + ",\"price\":" + Hostile[rng.Next(Hostile.Length)] + "}",
                5 => new string('{', rng.Next(1, 200)),
                6 => "{\"type\":\"deposit\",\"account\":1,\"amount\":1" + new string('0', rng.Next(20, 2000)) + "}",
                7 => Encoding.Latin1.GetString(Enumerable.Range(0, rng.Next(1, 300)).Select(_ => (byte)rng.Next(256)).ToArray()),
                8 => "{\"role\":\"council\",\"typedData\":{},\"signatures\":[\"0x" + Convert.ToHexString(Enumerable.Range(0, 65).Select(_ => (byte)rng.Next(256)).ToArray()) + "\"]}",
                9 when i % 2 == 0 => "{\"type\":\"deposit\",\"account\":1,\"amount\":1,\"pad\":\"" + new string('x', 70_000) + "\"}",
                // Signed-mode forms with hostile fields and forged or malformed signatures.
                9 => "{\"type\":\"" + new[] { "withdraw", "oracleReport", "liquidate", "deposit", "trade" }[rng.Next(5)] + "\",\"message\":{\"account\":\"0x" + new string('a', 40)
                     + "\",\"amount\":" + Hostile[rng.Next(Hostile.Length)] + ",\"nonce\":" + Hostile[rng.Next(Hostile.Length)] + ",\"expiry\":1},\"signature\":\"0x"
                     + Convert.ToHexString(Enumerable.Range(0, rng.Next(0, 80)).Select(_ => (byte)rng.Next(256)).ToArray()) + "\"}",
                _ => "[" + string.Join(',', Enumerable.Range(0, rng.Next(1, 50)).Select(_ => Hostile[rng.Next(Hostile.Length)])) + "]",
            };
            var contentType = i % 13 == 0 ? "text/plain" : i % 17 == 0 ? "application/x-www-form-urlencoded" : "application/json";
            yield return (body, contentType);
        }
    }

    [Fact]
    public async Task EveryBadRequest_Is4xx_AndTheStateRootIsUnchanged()
    {
        using var procs = new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """
            { "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ], "deposits": [ { "account": 1, "amount": 1000 }, { "account": 2, "amount": 1000 } ] }
            """);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        async Task<string> Root() => JsonDocument.Parse(await http.GetStringAsync("/v1/state")).RootElement.GetProperty("stateHash").GetString()!;
        var before = await Root();
        var rng = new Random(20261122);
        var sent = 0;
        foreach (var endpoint in new[] { "/v1/tx", "/v1/governance", "/v1/signals" })
            foreach (var (body, type) in Corpus(endpoint, rng))
            {
                using var content = new StringContent(body, Encoding.UTF8);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
                using var r = await http.PostAsync(endpoint, content);
                var code = (int)r.StatusCode;
                var text = await r.Content.ReadAsStringAsync();
                Assert.True(code is >= 400 and < 500, $"{endpoint} answered {code} to {body[..Math.Min(120, body.Length)]}: {text}");
                Assert.Contains("\"error\"", text.Replace("\"reason\"", "\"error\""));
                sent++;
            }
        Assert.True(sent >= 600);
        Assert.Equal(before, await Root());
    }
}
