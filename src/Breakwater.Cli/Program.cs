using System.CommandLine;
using Breakwater.Cli;
using Breakwater.Cli.Commands;
using Spectre.Console;

var root = new RootCommand("Breakwater: decentralized incident management for perpetual-futures protocols. Replays real crashes through a deterministic clearing core under different response policies.");
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(ScenariosCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(RecoverCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(WatchCommand.Create());
root.Subcommands.Add(KeeperCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(LoadCommand.Create());
root.Subcommands.Add(DetectEvalCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
root.Subcommands.Add(Eip712Command.Create());
root.Subcommands.Add(CouncilCommand.Create());
root.Subcommands.Add(ChainCommand.Create());
root.Subcommands.Add(RunbookCommand.Create());
root.Subcommands.Add(SignCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var e in parse.Errors) Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("Run 'breakwater --help' for usage.");
    return ExitCodes.BadInput;
}
try
{
    return await parse.InvokeAsync();
}
catch (Exception e)
{
    AnsiConsole.MarkupLineInterpolated($"[red]internal error:[/] {e.Message}");
    return 3;
}
