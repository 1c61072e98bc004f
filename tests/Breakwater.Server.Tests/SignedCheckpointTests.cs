using System.Text;
using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Breakwater.Testing;
using Microsoft.Data.Sqlite;

namespace Breakwater.Server.Tests;

/// <summary>
/// A node with a key signs every checkpoint; <c>verify --node-address</c> holds a log to those signatures, and a checkpoint
/// kept from <c>/v1/checkpoint</c> catches what no local check can: the end of the log cut together with its own last
/// checkpoint.
/// </summary>
public class SignedCheckpointTests
{
    [Fact]
    public async Task KeptCheckpoint_CatchesATailCutThatLocalVerificationCannotSee()
    {
        using var procs = new Processes();
        var nodeKey = KeyFile.FromPrivateKey(Keccak.Hash("breakwater node"u8));
        nodeKey.Save(Path.Combine(procs.Dir, "node.key"));
        var other = KeyFile.FromPrivateKey(Keccak.Hash("another node"u8)).Address;
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """{ "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ] }""");
        var url = $"http://127.0.0.1:{Ports.Free()}";
        var node = procs.Start("node", "serve", "--open", "--node-key", "node.key", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        async Task Deposit(int account)
            => Assert.True((await http.PostAsync("/v1/tx", new StringContent($$"""{"type":"deposit","account":{{account}},"amount":100}""", Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        for (var i = 1; i <= 3; i++) await Deposit(i);

        var keptJson = await http.GetStringAsync("/v1/checkpoint");
        File.WriteAllText(Path.Combine(procs.Dir, "kept.json"), keptJson);
        using (var kept = JsonDocument.Parse(keptJson))
        {
            var k = kept.RootElement;
            Assert.Equal(nodeKey.Address.Hex, k.GetProperty("signer").GetString());
            // The typed data it serves hashes (by the generic EIP-712 encoder) to what the node signed.
            var digest = TypedData.Parse(k.GetProperty("typedData").GetRawText()).SigningHash();
            Assert.Equal(nodeKey.Address, Address.FromBytes(Secp256k1.Recover(digest, Hex.Parse(k.GetProperty("signature").GetString()!))!));
        }
        var keptHeight = JsonDocument.Parse(keptJson).RootElement.GetProperty("height").GetInt64();
        for (var i = 4; i <= 5; i++) await Deposit(i);
        node.Kill(entireProcessTree: true);
        node.WaitForExit();

        var (ok, okOut) = await procs.RunAsync("verify", "verify", "n.db", "--node-address", nodeKey.Address.Hex, "--checkpoint", "kept.json");
        Assert.True(ok == 0, okOut);
        var (wrong, wrongOut) = await procs.RunAsync("verify-other", "verify", "n.db", "--node-address", other.Hex);
        Assert.Equal(1, wrong);
        Assert.Contains($"not by node {other}", wrongOut);

        // Cut the log back to the checkpoint before the kept one, checkpoints and signatures included: locally consistent.
        using (var db = new SqliteConnection($"Data Source={Path.Combine(procs.Dir, "n.db")};Pooling=False"))
        {
            db.Open();
            using var c = db.CreateCommand();
            c.CommandText = "SELECT max(height) FROM checkpoint WHERE height < $h";
            c.Parameters.AddWithValue("$h", keptHeight);
            var cut = Convert.ToInt64(c.ExecuteScalar());
            c.CommandText = "DELETE FROM event WHERE height > $c; DELETE FROM tx WHERE height > $c; DELETE FROM checkpoint WHERE height > $c; DELETE FROM checkpoint_signature WHERE height > $c; DELETE FROM meta";
            c.Parameters.AddWithValue("$c", cut);
            c.ExecuteNonQuery();
        }
        var (blind, blindOut) = await procs.RunAsync("verify-cut", "verify", "n.db", "--node-address", nodeKey.Address.Hex);
        Assert.True(blind == 0, "a cut at a checkpoint boundary is consistent on its own: " + blindOut);
        var (held, heldOut) = await procs.RunAsync("verify-held", "verify", "n.db", "--node-address", nodeKey.Address.Hex, "--checkpoint", "kept.json");
        Assert.Equal(1, held);
        Assert.Contains("removed from its end", heldOut);
    }
}
