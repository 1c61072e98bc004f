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
        Assert.Equal("High", doc.GetProperty("severity").GetString());
        Assert.Equal("eip155:1", doc.GetProperty("source").GetProperty("chainId").GetString());
        var (message, signature) = ThreatSignal.Read(doc);
        var eip = new Eip712(EthereumVerifier.Instance);
        var signer = Secp256k1.Recover(eip.SigningHash(ThreatSignalMessage.DomainFor(receiver), message.StructHash(eip)), signature);
        Assert.Equal(key.Address, Address.FromBytes(signer!));
        Assert.Equal((0, 2, 3, 7L), (message.Market, message.Level, message.Severity, message.Sequence));
    }

    [Fact]
    public void Read_UnknownSeverity_IsAFormatError()
        => Assert.Throws<FormatException>(() => ThreatSignal.Read(JsonDocument.Parse("""{"severity":"Dire"}""").RootElement));
}
