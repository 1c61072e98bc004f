using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>
/// A user checks their balance without trusting the node: the proof from <c>/v1/accounts/{id}/proof</c> verifies under
/// the accounts root the event stream published, with a verifier outside .NET (Node's crypto module only).
/// </summary>
public class AccountProofTests
{
    private static async Task<(int Exit, string Output)> NodeScript(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        psi.ArgumentList.Add(Path.Combine(Processes.RepoRoot(), "web", "tools", "verify-proof.mjs"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output);
    }

    [Fact]
    public async Task Proof_VerifiesWithNodeCryptoAgainstTheStreamedRoot_AndATamperedBalanceFails()
    {
        using var procs = new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """
            { "insuranceFundUsd": 100000, "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ],
              "deposits": [ { "account": 1, "amount": 10000000 }, { "account": 2, "amount": 10000000 } ] }
            """);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        var r = await http.PostAsync("/v1/tx", new StringContent("""{"type":"trade","market":0,"buyer":1,"seller":2,"size":0.5,"price":30000}""", Encoding.UTF8, "application/json"));
        Assert.True(r.IsSuccessStatusCode);

        // The root, as the event stream publishes it.
        string streamed = "";
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        using (var stream = await http.GetAsync("/v1/events?from=1", HttpCompletionOption.ResponseHeadersRead, cts.Token))
        using (var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token)))
        {
            var isRoot = false;
            while (await reader.ReadLineAsync(cts.Token) is { } line)
            {
                if (line == "event: root") isRoot = true;
                else if (isRoot && line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    streamed = JsonDocument.Parse(line[6..]).RootElement.GetProperty("accountsRoot").GetString()!;
                    break;
                }
            }
        }
        Assert.Equal(64, streamed.Length);

        var proof = await http.GetStringAsync("/v1/accounts/1/proof");
        Assert.Equal(streamed, JsonDocument.Parse(proof).RootElement.GetProperty("root").GetString());
        File.WriteAllText(Path.Combine(procs.Dir, "proof.json"), proof);
        var (exit, output) = await NodeScript(procs.Dir, "proof.json", "--root", streamed);
        Assert.True(exit == 0, output);
        Assert.Contains("valid: account 1", output);
        Assert.Contains("collateral ", output);
        Assert.Contains("market 0: size 0.50000000", output);

        // Claim one more micro-dollar of collateral: the proof no longer reaches the root.
        var doc = JsonDocument.Parse(proof).RootElement;
        var leaf = Convert.FromHexString(doc.GetProperty("leaf").GetString()!);
        leaf[8] ^= 1;
        File.WriteAllText(Path.Combine(procs.Dir, "forged.json"), proof.Replace(doc.GetProperty("leaf").GetString()!, Convert.ToHexStringLower(leaf)));
        (exit, output) = await NodeScript(procs.Dir, "forged.json", "--root", streamed);
        Assert.Equal(1, exit);
        Assert.Contains("INVALID", output);

        // The market's state is in the same tree: its proof holds under the same root, and a forged mark does not.
        var marketProof = await http.GetStringAsync("/v1/markets/0/proof");
        File.WriteAllText(Path.Combine(procs.Dir, "market.json"), marketProof);
        (exit, output) = await NodeScript(procs.Dir, "market.json", "--root", streamed);
        Assert.True(exit == 0, output);
        Assert.Contains("valid: market 0 BTC-USD", output);
        var mdoc = JsonDocument.Parse(marketProof).RootElement;
        Assert.Equal((9223372036854775808UL).ToString(System.Globalization.CultureInfo.InvariantCulture), mdoc.GetProperty("key").GetString());
        var mleaf = Convert.FromHexString(mdoc.GetProperty("leaf").GetString()!);
        mleaf[^1] ^= 1;
        File.WriteAllText(Path.Combine(procs.Dir, "market-forged.json"), marketProof.Replace(mdoc.GetProperty("leaf").GetString()!, Convert.ToHexStringLower(mleaf)));
        (exit, output) = await NodeScript(procs.Dir, "market-forged.json", "--root", streamed);
        Assert.Equal(1, exit);
        Assert.Contains("INVALID: the proof of market 0", output);

        // An account that does not exist proves as absent; garbage is bad input (exit 2).
        File.WriteAllText(Path.Combine(procs.Dir, "absent.json"), await http.GetStringAsync("/v1/accounts/99/proof"));
        (exit, output) = await NodeScript(procs.Dir, "absent.json", "--root", streamed);
        Assert.True(exit == 0 && output.Contains("does not exist"), output);
        File.WriteAllText(Path.Combine(procs.Dir, "bad.json"), "{\"account\":1,\"siblings\":[]}");
        (exit, _) = await NodeScript(procs.Dir, "bad.json", "--root", streamed);
        Assert.Equal(2, exit);
    }
}
