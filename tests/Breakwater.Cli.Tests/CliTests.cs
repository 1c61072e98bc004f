namespace Breakwater.Cli.Tests;

/// <summary>Runs the real `breakwater` executable and checks exit codes and messages.</summary>
public class CliTests
{
    [Fact]
    public void Replay_BadData_ExitsTwoNamingFileAndLine()
    {
        using var d = new SyntheticData(accounts: 50);
        var lines = File.ReadAllLines(d.Csv);
        lines[100] = lines[100].Replace(",test,", ",test,").Split(',') is var f ? string.Join(',', f.Take(4).Append("-3").Concat(f.Skip(5))) : lines[100];
        File.WriteAllLines(d.Csv, lines);
        var (code, output, err) = CliRunner.Run("replay", d.ScenarioFile, "--out", Path.Combine(d.Dir, "out"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("crash.csv:101", output + err);
        Assert.False(File.Exists(Path.Combine(d.Dir, "out", "report.json")));
    }

    [Fact]
    public void Replay_UnknownScenario_ExitsTwo()
    {
        var (code, output, err) = CliRunner.Run("replay", "no-such-scenario");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("neither a built-in scenario", output + err);
    }

    [Fact]
    public void Verify_MissingFile_ExitsTwo()
        => Assert.Equal(ExitCodes.BadInput, CliRunner.Run("verify", "/nonexistent/events.db").Code);

    [Fact]
    public void UnknownOption_ExitsTwo()
        => Assert.Equal(ExitCodes.BadInput, CliRunner.Run("replay", "--frobnicate").Code);
}
