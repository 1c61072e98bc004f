using System.CommandLine;
using Breakwater.Ledger;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater verify FILE.db</c>: replays a log from genesis and checks every event hash and the state hash.</summary>
public static class VerifyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "An events-<policy>.db log written by replay (or by a node)." };
        var cmd = new Command("verify", "Re-derive the hash chain and the state hash of an event log by replaying it from genesis. Exit 0 when it holds, 1 when it does not.") { file };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                var r = LogVerifier.Verify(path);
                (r.Ok ? Console.Out : Console.Error).WriteLine($"{path}: {r.Message}");
                return r.Ok ? ExitCodes.Ok : ExitCodes.VerificationFailed;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return cmd;
    }
}
