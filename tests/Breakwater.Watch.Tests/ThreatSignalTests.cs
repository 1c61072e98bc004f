using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;

namespace Breakwater.Watch.Tests;

public class ThreatSignalTests
{
    [Fact]
    public void Sign_ThenRead_RecoversTheWatcherAndCarriesFortaFields()
    {
        var key = KeyFile.FromPrivateKey(Keccak.Hash("watcher"u8));
        var f = new Finding("oracle-divergence", "oracle-divergence", Severity.High, 0, 1_000, 0.3, 0.03, 2, "oracle:0:1:0");
        var receiver = new GovernanceDomain("Breakwater", "1", 31337, Address.Parse("0x00000000000000000000000000000000000b7ea0"));
        var json = ThreatSignal.Sign(f, key, "eip155:1", 7, 2_000, 42, "ab", receiver).ToJsonString();
        var doc = JsonDocument.Parse(json).RootElement;
        foreach (var field in new[] { "name", "alertId", "description", "severity", "type", "metadata", "addresses", "source" }) Assert.True(doc.TryGetProperty(field, out _), field);
        Assert.Equal(4, doc.GetProperty("severity").GetInt32()); // Forta's FindingSeverity.High
        Assert.Equal("eip155:1", doc.GetProperty("source").GetProperty("chainId").GetString());
        var (message, signature) = ThreatSignalJson.Read(doc);
        var eip = new Eip712(EthereumVerifier.Instance);
        var signer = Secp256k1.Recover(eip.SigningHash(ThreatSignalMessage.DomainFor(receiver), message.StructHash(eip)), signature);
        Assert.Equal(key.Address, Address.FromBytes(signer!));
        Assert.Equal((0, 2, 3, 7L), (message.Market, message.Level, message.Severity, message.Sequence));
    }

    [Fact]
    public void Read_UnknownSeverity_IsAFormatError()
        => Assert.Throws<FormatException>(() => ThreatSignalJson.Read(JsonDocument.Parse("""{"severity":"Dire"}""").RootElement));

    [Fact]
    public async Task Signal_IsAFindingAsTheFortaSdkReadsIt()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Breakwater.sln"))) root = root.Parent;
        var forta = Path.Combine(root!.FullName, "web", "node_modules", "forta-agent");
        Assert.True(Directory.Exists(forta), $"{forta} is missing: run ./test.sh (npm ci in web/)");
        var key = KeyFile.FromPrivateKey(Keccak.Hash("watcher"u8));
        var f = new Finding("oracle-divergence", "oracle-divergence", Severity.High, 0, 1_000, 0.3, 0.03, 2, "oracle:0:1:0");
        var receiver = new GovernanceDomain("Breakwater", "1", 31337, Address.Parse("0x00000000000000000000000000000000000b7ea0"));
        var dir = Directory.CreateTempSubdirectory("bw-forta").FullName;
        var file = Path.Combine(dir, "signal.json");
        File.WriteAllText(file, ThreatSignal.Sign(f, key, "eip155:1", 7, 2_000, 42, "ab", receiver).ToJsonString());
        var script = Path.Combine(dir, "read.js");
        File.WriteAllText(script, $$"""
            const { Finding, FindingSeverity, FindingType, EntityType } = require({{JsonSerializer.Serialize(forta)}});
            const f = Finding.fromObject(JSON.parse(require('fs').readFileSync({{JsonSerializer.Serialize(file)}}, 'utf8')));
            console.log(JSON.stringify({ severity: FindingSeverity[f.severity], type: FindingType[f.type], protocol: f.protocol, uniqueKey: f.uniqueKey,
              label: EntityType[f.labels[0].entityType] + ':' + f.labels[0].entity, alertId: f.alertId, chainId: f.source.chainId }));
            """);
        var psi = new System.Diagnostics.ProcessStartInfo("node", script) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = System.Diagnostics.Process.Start(psi)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, error);
        var read = JsonDocument.Parse(output).RootElement;
        Assert.Equal("High", read.GetProperty("severity").GetString());
        Assert.Equal("Suspicious", read.GetProperty("type").GetString());
        Assert.Equal("breakwater", read.GetProperty("protocol").GetString());
        Assert.Equal("oracle:0:1:0", read.GetProperty("uniqueKey").GetString());
        Assert.Equal($"Address:{key.Address.Hex}", read.GetProperty("label").GetString());
        Assert.Equal("BREAKWATER-ORACLE-DIVERGENCE", read.GetProperty("alertId").GetString());
        Assert.Equal("eip155:1", read.GetProperty("chainId").GetString());
    }
}
