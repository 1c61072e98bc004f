using System.CommandLine;
using Breakwater.Crypto;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater keys new|import|show</c>: secp256k1 key files for council members, guardians, DAO signers and watchers.</summary>
public static class KeysCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var cmd = new Command("keys", "Create, import and inspect secp256k1 key files (written owner-only; the private key is never printed).");
        var outNew = new Option<string>("--out") { Description = "Key file to create (must not exist).", Required = true };
        var create = new Command("new", "Create a new random key and print its address.") { outNew };
        create.SetAction(p => Run(() =>
        {
            var key = KeyFile.FromPrivateKey(Secp256k1.NewPrivateKey());
            key.Save(p.GetValue(outNew)!);
            Console.WriteLine(key.Address);
        }));
        var outImport = new Option<string>("--out") { Description = "Key file to create (must not exist).", Required = true };
        var import = new Command("import", "Import an existing private key (0x-hex, read from standard input) and print its address.") { outImport };
        import.SetAction(p => Run(() =>
        {
            var text = Console.In.ReadToEnd().Trim();
            var raw = Hex.Parse(text, "private key");
            if (!Secp256k1.IsValidPrivateKey(raw)) throw new FormatException("standard input is not a 32-byte secp256k1 private key");
            var key = KeyFile.FromPrivateKey(raw);
            key.Save(p.GetValue(outImport)!);
            Console.WriteLine(key.Address);
        }));
        var file = new Argument<string>("file") { Description = "A key file." };
        var show = new Command("show", "Print the address of a key file.") { file };
        show.SetAction(p => Run(() => Console.WriteLine(KeyFile.Load(p.GetValue(file)!).Address)));
        cmd.Subcommands.Add(create);
        cmd.Subcommands.Add(import);
        cmd.Subcommands.Add(show);
        return cmd;
    }

    /// <summary>Runs an action, mapping bad input to exit code 2 with a one-line message.</summary>
    internal static int Run(Action action)
    {
        try
        {
            action();
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException or KeyNotFoundException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
