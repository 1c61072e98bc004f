using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;

namespace Breakwater.Chain.Tests;

/// <summary>
/// Interop both ways with ethers 6 (a standard wallet library, from npm): an attestation signed by an ethers Wallet is
/// accepted by the guard on chain, and one signed by Breakwater's C# signer recovers, in ethers, to the watcher.
/// </summary>
public sealed class EthersInteropTests : IAsyncLifetime
{
    private readonly KeyFile _deployer = KeyFile.FromPrivateKey(Secp256k1.NewPrivateKey()), _dao = KeyFile.FromPrivateKey(Secp256k1.NewPrivateKey());
    private readonly KeyFile[] _watchers = Enumerable.Range(0, 3).Select(_ => KeyFile.FromPrivateKey(Secp256k1.NewPrivateKey())).ToArray();
    private Ganache _chain = null!;

    public async Task InitializeAsync() => _chain = await Ganache.StartAsync([_deployer, _dao, .. _watchers]);

    public async Task DisposeAsync() => await _chain.DisposeAsync();

    private static async Task<string> Node(params string[] args)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(Repo.Root, "contracts") };
        psi.ArgumentList.Add(Path.Combine(Repo.Root, "contracts", "tools", "attestation.mjs"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"attestation.mjs exited {p.ExitCode}: {error}");
        return output.Trim();
    }

    private static string Json(AttestationMessage m) => new JsonObject
    {
        ["market"] = m.Market, ["level"] = m.Level, ["incident"] = Hex.Format(m.Incident), ["durationSeconds"] = m.DurationSeconds, ["nonce"] = m.Nonce, ["expiry"] = m.Expiry,
    }.ToJsonString();

    [Fact]
    public async Task EthersSignedAttestations_AreAcceptedByTheGuard_AndCSharpSignaturesRecoverInEthers()
    {
        var d = await GuardDeployment.DeployAsync(_chain.Url, _deployer,
            new GuardSettings(_watchers.Select(w => w.Address).ToList(), 2, [_dao.Address], 1, _dao.Address, 60));
        var m = new AttestationMessage(0, 1, Keccak.Hash(Encoding.UTF8.GetBytes("reference-divergence:0:1")), 600, 7, await _chain.NowAsync() + 600);

        // ethers → chain: watchers 0 and 1 sign with ethers; the guard counts both and raises the level.
        for (var i = 0; i < 2; i++)
        {
            var sig = Hex.Parse(await Node("sign", Hex.Format(_watchers[i].PrivateKey), d.ChainId.ToString(), d.Guard.Hex, Json(m)));
            var c = new GuardClient(_chain.Url, d.Guard, _watchers[i], d.ChainId);
            Assert.Equal(sig, c.Sign(_watchers[i], m)); // RFC 6979 deterministic signatures: the same bytes from both libraries
            await c.AttestAsync(m, sig);
        }
        Assert.Equal(1, await new GuardClient(_chain.Url, d.Guard, _deployer, d.ChainId).LevelOfAsync(0));

        // C# → ethers: ethers recovers watcher 2 from Breakwater's signature.
        var mine = new GuardClient(_chain.Url, d.Guard, _watchers[2], d.ChainId).Sign(_watchers[2], m);
        var recovered = await Node("verify", d.ChainId.ToString(), d.Guard.Hex, Json(m), Hex.Format(mine));
        Assert.Equal(_watchers[2].Address, Address.Parse(recovered));
    }
}
