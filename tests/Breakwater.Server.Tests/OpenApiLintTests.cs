using System.Diagnostics;
using System.Text.Json;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>The node's OpenAPI document describes every body and answer, and passes Redocly's recommended rules with no error.</summary>
public class OpenApiLintTests
{
    [Fact]
    public async Task OpenApiDocument_PassesRedoclyRecommended_AndDescribesEveryBody()
    {
        var redocly = Path.Combine(Processes.RepoRoot(), "web", "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: run ./test.sh (it runs npm ci in web/)");
        using var procs = new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """{ "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ] }""");
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        var json = await http.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(procs.Dir, "openapi.json");
        File.WriteAllText(file, json);

        using (var doc = JsonDocument.Parse(json))
        {
            foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
                foreach (var op in path.Value.EnumerateObject())
                {
                    var where = $"{op.Name.ToUpperInvariant()} {path.Name}";
                    Assert.True(op.Value.TryGetProperty("operationId", out _), $"{where} has no operationId");
                    var responses = op.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
                    Assert.Contains(responses, r => r.StartsWith('4'));
                    if (op.Name == "post")
                    {
                        Assert.True(op.Value.TryGetProperty("requestBody", out _), $"{where} does not describe its body");
                        // A batch answers 200 with each transaction's outcome; single submissions answer a refusal with 422.
                        if (!path.Name.EndsWith("/batch", StringComparison.Ordinal)) Assert.Contains("422", responses);
                    }
                }
            var usd = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Usd");
            Assert.Equal("number", usd.GetProperty("type").GetString());
        }

        var psi = new ProcessStartInfo(redocly) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "lint", file, "--extends", "recommended", "--format", "json" }) psi.ArgumentList.Add(a);
        using var lint = Process.Start(psi)!;
        var stdout = lint.StandardOutput.ReadToEndAsync();
        var stderr = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var output = await stdout + await stderr;
        Assert.True(lint.ExitCode == 0, output);
        var report = JsonDocument.Parse((await stdout)[(await stdout).IndexOf('{')..]);
        var errors = report.RootElement.GetProperty("problems").EnumerateArray().Where(p => p.GetProperty("severity").GetString() == "error").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.GetProperty("message").GetString())));
    }
}
