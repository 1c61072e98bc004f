namespace Breakwater.Server.Tests;

/// <summary>The shipped Prometheus alerting rules are valid and fire on the series their unit test feeds them.</summary>
public class AlertRulesTests
{
    private static string Deploy() => Path.Combine(Processes.RepoRoot(), "deploy", "prometheus");

    private static Task<(int Exit, string Output)> Run(params string[] args) => Processes.PromtoolAsync(null, Deploy(), args);

    [Fact]
    public async Task AlertRules_PassPromtoolCheck_AndTheirUnitTests()
    {
        var (check, checkOut) = await Run("check", "rules", "alerts.yml");
        Assert.True(check == 0, checkOut);
        Assert.Contains("11 rules found", checkOut);
        var (test, testOut) = await Run("test", "rules", "alerts.test.yml");
        Assert.True(test == 0, testOut);
    }

    [Fact]
    public async Task AlertRulesUnitTest_FailsWhenAnAlertIsExpectedThatCannotFire()
    {
        // The rule tests can fail: the same file with one expectation moved to a time the alert is still pending.
        var broken = Path.Combine(Path.GetTempPath(), $"bw-alerts-{Guid.NewGuid():N}.test.yml");
        File.WriteAllText(broken, File.ReadAllText(Path.Combine(Deploy(), "alerts.test.yml"))
            .Replace("rule_files: [alerts.yml]", $"rule_files: [{Path.Combine(Deploy(), "alerts.yml")}]")
            .Replace("      - eval_time: 5m\n        alertname: BreakwaterNodeDown", "      - eval_time: 3m30s\n        alertname: BreakwaterNodeDown"));
        var (exit, output) = await Run("test", "rules", broken);
        File.Delete(broken);
        Assert.NotEqual(0, exit);
        Assert.Contains("BreakwaterNodeDown", output);
    }
}
