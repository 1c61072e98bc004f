using System.CommandLine;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater eip712 hash|sign|recover</c> over standard eth_signTypedData_v4 JSON, so any action is checkable with other Ethereum tools.</summary>
public static class Eip712Command
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var cmd = new Command("eip712", "Hash, sign and recover EIP-712 typed data (eth_signTypedData_v4 JSON).");
        var hashFile = new Argument<string>("file") { Description = "Typed-data JSON." };
        var hash = new Command("hash", "Print the signing hash.") { hashFile };
        hash.SetAction(p => KeysCommand.Run(() => Console.WriteLine(Hex.Format(Load(p.GetValue(hashFile)!).SigningHash()))));

        var key = new Option<string>("--key") { Description = "Key file.", Required = true };
        var signFile = new Argument<string>("file") { Description = "Typed-data JSON." };
        var sign = new Command("sign", "Print the 65-byte r‖s‖v signature as 0x-hex.") { key, signFile };
        sign.SetAction(p => KeysCommand.Run(() =>
        {
            var k = KeyFile.Load(p.GetValue(key)!);
            Console.WriteLine(Hex.Format(Secp256k1.Sign(Load(p.GetValue(signFile)!).SigningHash(), k.PrivateKey)));
        }));

        var recoverFile = new Argument<string>("file") { Description = "Typed-data JSON." };
        var sig = new Argument<string>("signature") { Description = "0x-hex r‖s‖v." };
        var recover = new Command("recover", "Print the signer's address (exit 1 when the signature is invalid or malleated).") { recoverFile, sig };
        recover.SetAction(p =>
        {
            try
            {
                var who = Secp256k1.Recover(Load(p.GetValue(recoverFile)!).SigningHash(), Hex.Parse(p.GetValue(sig)!, "signature"));
                if (who is null)
                {
                    Console.Error.WriteLine("error: the signature is malformed or has a high s");
                    return ExitCodes.VerificationFailed;
                }
                Console.WriteLine(Address.FromBytes(who));
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        cmd.Subcommands.Add(hash);
        cmd.Subcommands.Add(sign);
        cmd.Subcommands.Add(recover);
        return cmd;
    }

    private static TypedData Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no file at {path}");
        return TypedData.Parse(File.ReadAllText(path));
    }
}
