using System.Text.Json;

namespace Breakwater.Server.Tests;

/// <summary>
/// Same input log ⇒ same log head and state root, across processes: the same replay run in separate processes with
/// the JIT's tiers switched off or on and different process cultures gives identical hashes for both policies.
/// </summary>
public class CrossProcessDeterminismTests
{
    [Fact]
    public async Task SameReplay_InProcessesWithDifferentJitAndCulture_GivesTheSameHeadsAndRoots()
    {
        using var procs = new Processes();
        NodeFixture.Write(procs.Dir);
        var settings = new (string Name, Dictionary<string, string> Env)[]
        {
            ("default", new()),
            ("no-tiering-de", new() { ["DOTNET_TieredCompilation"] = "0", ["LANG"] = "de_DE.UTF-8", ["LC_ALL"] = "de_DE.UTF-8" }),
            ("quick-jit-tr", new() { ["DOTNET_TieredPGO"] = "0", ["DOTNET_TC_QuickJitForLoops"] = "1", ["DOTNET_ReadyToRun"] = "0", ["LANG"] = "tr_TR.UTF-8", ["LC_ALL"] = "tr_TR.UTF-8" }),
        };
        var results = new List<(string Name, string Hashes)>();
        foreach (var (name, env) in settings)
        {
            var p = procs.StartWithEnvironment(name, env, "replay", "scenario.json", "--accounts", "200", "--out", name, "--sequential");
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, procs.Log(name));
            var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(procs.Dir, name, "report.json"))).RootElement;
            var hashes = string.Join(" ", report.GetProperty("policies").EnumerateArray()
                .Select(x => $"{x.GetProperty("name").GetString()}:{x.GetProperty("logHeadHash").GetString()}/{x.GetProperty("finalStateHash").GetString()}"));
            Assert.Contains("breakwater:", hashes);
            results.Add((name, hashes));
        }
        Assert.All(results, r => Assert.Equal(results[0].Hashes, r.Hashes));
    }
}
