using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Markets;
using Breakwater.Testing;

namespace Breakwater.Chain.Tests;

/// <summary>
/// The commands an operator runs, as separate processes against a local chain: <c>chain deploy</c>, three
/// <c>chain watch</c> processes attesting a manipulation, and a council pause sent with <c>council submit --chain</c>.
/// </summary>
public sealed class ChainCliTests(Xunit.Abstractions.ITestOutputHelper log) : IAsyncLifetime
{
    private static KeyFile NewKey() => KeyFile.FromPrivateKey(Secp256k1.NewPrivateKey());

    private readonly KeyFile _deployer = NewKey(), _dao = NewKey();
    private readonly KeyFile[] _watchers = Enumerable.Range(0, 5).Select(_ => NewKey()).ToArray();
    private readonly KeyFile[] _council = Enumerable.Range(0, 3).Select(_ => NewKey()).ToArray();
    private readonly string _dir = Directory.CreateTempSubdirectory("bw-chain-").FullName;
    private Ganache _chain = null!;

    public async Task InitializeAsync() => _chain = await Ganache.StartAsync([_deployer, _dao, .. _watchers, .. _council]);

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Save(KeyFile k, string name)
    {
        var path = Path.Combine(_dir, name + ".json");
        k.Save(path);
        return path;
    }

    [Fact]
    public async Task DeployWatchAndCouncilPause_FromTheCommandLine()
    {
        var (code, output, err) = await CliRunner.RunAsync("chain", "deploy", "--rpc", _chain.Url, "--key", Save(_deployer, "deployer"),
            "--watchers", string.Join(",", _watchers.Select(w => w.Address.Hex)), "--k", "3",
            "--council", string.Join(",", _council.Select(c => c.Address.Hex)), "--council-threshold", "2", "--dao", _dao.Address.Hex,
            "--timelock-delay", "3600", "--max-watcher-action", "7200", "--out", _dir);
        Assert.True(code == 0, output + err);
        using var deployment = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "deployment.json")));
        var guard = deployment.RootElement.GetProperty("guard").GetString()!;
        var market = deployment.RootElement.GetProperty("market").GetString()!;
        var chainId = deployment.RootElement.GetProperty("chainId").GetInt64();
        Assert.Contains("BreakwaterGuard:", output);
        log.WriteLine(output);

        var start = Convert.ToInt64((await _chain.RpcAsync("eth_blockNumber")).GetString()!, 16);
        var oracle = new DemoMarketClient(_chain.Url, Address.Parse(market), _deployer, chainId);
        for (var i = 0; i < 3; i++) await oracle.SetPriceAsync(3_000_000_000);

        // Three watcher processes after each wave of a manipulation; the second wave (an hour later, a
        // new incident) takes the market from elevated to reduce-only, and it refuses new positions.
        var keys = Enumerable.Range(0, 3).Select(i => Save(_watchers[i], $"watcher{i}")).ToArray();
        async Task WatchAll(long from)
        {
            // One after another: ganache's instant mining, under the load of the other test projects, timed out or
            // mixed up nonces when three processes sent at once (a local-chain limit; a real chain queues them).
            var runs = new List<(int Code, string Out, string Err)>();
            foreach (var k in keys)
                runs.Add(await CliRunner.RunAsync("chain", "watch", "--rpc", _chain.Url, "--guard", guard, "--market", market, "--key", k,
                    "--reference-price", "2000", "--confirmations", "0", "--from-block", from.ToString(), "--action-seconds", "7200", "--once"));
            Assert.All(runs, r => Assert.True(r.Code == 0 && r.Out.Contains("attested level 2"), r.Out + r.Err));
        }
        await WatchAll(start);
        var reader = new GuardClient(_chain.Url, Address.Parse(guard), _deployer, chainId);
        Assert.Equal(1, await reader.LevelOfAsync(0));

        await oracle.SetPriceAsync(2_000_000_000);
        await _chain.AdvanceAsync(3_600);
        var second = Convert.ToInt64((await _chain.RpcAsync("eth_blockNumber")).GetString()!, 16) + 1;
        for (var i = 0; i < 3; i++) await oracle.SetPriceAsync(3_100_000_000);
        await WatchAll(second);
        Assert.Equal(2, await reader.LevelOfAsync(0));
        var trader = new DemoMarketClient(_chain.Url, Address.Parse(market), _dao, chainId);
        await trader.DepositAsync(1_000_000_000);
        Assert.Equal("Refused", (await Assert.ThrowsAsync<ChainRevertException>(() => trader.TradeAsync(100_000))).Error);

        // A council pause: proposed with the governance.json deploy wrote, signed by one member (refused on chain, exit 3),
        // then a second (accepted).
        var bundle = Path.Combine(_dir, "pause.json");
        Assert.Equal(0, (await CliRunner.RunAsync("council", "propose", "pause", "--governance", Path.Combine(_dir, "governance.json"), "--out", bundle,
            "--market", "0", "--flags", "open,liquidate", "--duration", "3600", "--expires-in", "7200")).Code); // the chain's clock is an hour ahead of the wall's
        Assert.Equal(0, (await CliRunner.RunAsync("council", "sign", "--key", Save(_council[0], "c0"), bundle)).Code);
        var one = await CliRunner.RunAsync("council", "submit", bundle, "--chain", _chain.Url, "--key", Save(_dao, "payer"));
        Assert.True(one.Code == 3 && one.Err.Contains("NotEnoughSigners"), one.Out + one.Err);
        Assert.Equal(0, (await CliRunner.RunAsync("council", "sign", "--key", Save(_council[2], "c2"), bundle)).Code);
        var two = await CliRunner.RunAsync("council", "submit", bundle, "--chain", _chain.Url, "--key", Path.Combine(_dir, "payer.json"));
        Assert.True(two.Code == 0, two.Out + two.Err);
        Assert.Equal(PauseFlags.Open | PauseFlags.Liquidate, await reader.PausedFlagsAsync(0));

        var noChain = await CliRunner.RunAsync("council", "submit", bundle);
        Assert.Equal(2, noChain.Code);
    }
}
