using System.CommandLine;
using Breakwater.Lab.Scenarios;
using Spectre.Console;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater scenarios</c>: lists the built-in scenarios.</summary>
public static class ScenariosCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var cmd = new Command("scenarios", "List the built-in scenarios.");
        cmd.SetAction(_ =>
        {
            var table = new Table().AddColumns("name", "window (UTC)", "markets", "description");
            foreach (var name in ScenarioLoader.BuiltInNames())
            {
                var s = ScenarioLoader.Load(name);
                table.AddRow(Markup.Escape(name), $"{s.Start:yyyy-MM-dd HH:mm} → {s.End:yyyy-MM-dd HH:mm}",
                    Markup.Escape(string.Join(", ", s.Markets.Select(m => $"{m.Symbol} ({m.Sources.Count} src)"))), Markup.Escape(s.Description));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
