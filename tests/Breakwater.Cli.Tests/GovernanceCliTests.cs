namespace Breakwater.Cli.Tests;

public sealed class GovernanceCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bw-keys").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string EtherMail = """{"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],"Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],"Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},"primaryType":"Mail","domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},"message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}""";

    [Fact]
    public void KeysNew_WritesOwnerOnlyFileAndNeverPrintsTheKey()
    {
        var path = Path.Combine(_dir, "k.json");
        var (code, output, _) = CliRunner.Run("keys", "new", "--out", path);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches("^0x[0-9a-f]{40}$", output.Trim());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(output.Trim(), CliRunner.Run("keys", "show", path).Out.Trim());
        Assert.DoesNotContain(System.Text.Json.JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("privateKey").GetString()!, output);
        Assert.Equal(ExitCodes.BadInput, CliRunner.Run("keys", "new", "--out", path).Code);
    }

    [Fact]
    public void Eip712_HashSignRecover_MatchTheSpecExample()
    {
        var mail = Path.Combine(_dir, "mail.json");
        File.WriteAllText(mail, EtherMail);
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", CliRunner.Run("eip712", "hash", mail).Out.Trim());
        var key = Path.Combine(_dir, "cow.json");
        // keccak256("cow"), the spec's signing key.
        File.WriteAllText(key, """{"privateKey":"0xc85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4"}""");
        var sig = CliRunner.Run("eip712", "sign", "--key", key, mail).Out.Trim();
        Assert.Equal("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c", sig);
        Assert.Equal("0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826", CliRunner.Run("eip712", "recover", mail, sig).Out.Trim());
        Assert.Equal(ExitCodes.VerificationFailed, CliRunner.Run("eip712", "recover", mail, "0x" + new string('0', 130)).Code);
    }
}
