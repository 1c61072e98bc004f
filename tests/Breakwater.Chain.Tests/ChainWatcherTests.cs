using Breakwater.Crypto;
using Breakwater.Protocol.Markets;
using Breakwater.Watch.Detectors;
using Xunit.Abstractions;

namespace Breakwater.Chain.Tests;

/// <summary>
/// Watchers following a local chain: a price manipulation through DemoPerpMarket's oracle is found from the chain's
/// logs, three of five watchers attest, the guard raises the level, and the market refuses new positions; a reorg of
/// depth 2 is rewound without a second attestation.
/// </summary>
public sealed class ChainWatcherTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static KeyFile NewKey() => KeyFile.FromPrivateKey(Secp256k1.NewPrivateKey());

    private readonly KeyFile _oracle = NewKey(), _dao = NewKey(), _trader = NewKey();
    private readonly KeyFile[] _watchers = Enumerable.Range(0, 5).Select(_ => NewKey()).ToArray();
    private Ganache _chain = null!;

    public async Task InitializeAsync() => _chain = await Ganache.StartAsync([_oracle, _dao, _trader, .. _watchers]);

    public async Task DisposeAsync() => await _chain.DisposeAsync();

    // Raises hold two hours here, so the first one is still in force when the second wave comes an hour later.
    private Task<GuardDeployment> DeployAsync()
        => GuardDeployment.DeployAsync(_chain.Url, _oracle, new GuardSettings(_watchers.Select(w => w.Address).ToList(), 3, [_dao.Address], 1, _dao.Address, 3_600) { MaxWatcherActionSeconds = 7_200 });

    /// <summary>The on-chain oracle against a $2,000 reference the watcher reads itself: 5 % band, three updates in a row.</summary>
    private static IReadOnlyList<IDetector> Detectors() => [new ReferenceDivergenceDetector(0, [(0, 2_000.0)]) { MaxAgeSeconds = long.MaxValue }];

    private ChainWatcher Watcher(GuardDeployment d, int i, StringWriter log, long start)
        => new(_chain.Url, new GuardClient(_chain.Url, d.Guard, _watchers[i], d.ChainId), _watchers[i], d.Market, 0, Detectors, confirmations: 0, start, log, actionSeconds: 7_200);

    private async Task<long> HeadAsync() => Convert.ToInt64((await _chain.RpcAsync("eth_blockNumber")).GetString()!, 16);

    [Fact]
    public async Task Manipulation_ThreeWatchersAttest_LevelRises_AndTheMarketRefusesNewPositions()
    {
        var d = await DeployAsync();
        var oracle = new DemoMarketClient(_chain.Url, d.Market, _oracle, d.ChainId);
        var trader = new DemoMarketClient(_chain.Url, d.Market, _trader, d.ChainId);
        var guard = new GuardClient(_chain.Url, d.Guard, _trader, d.ChainId);
        await trader.DepositAsync(1_000_000_000);
        var start = await HeadAsync();
        var logs = Enumerable.Range(0, 5).Select(_ => new StringWriter()).ToArray();
        var watchers = Enumerable.Range(0, 3).Select(i => Watcher(d, i, logs[i], start)).ToArray();

        // Wave 1: the oracle is pushed to $3,000 (50 % off the reference) three times in a row.
        for (var i = 0; i < 3; i++) await oracle.SetPriceAsync(3_000_000_000);
        await watchers[0].PollAsync();
        await watchers[1].PollAsync();
        Assert.Equal(0, await guard.LevelOfAsync(0)); // two of five: nothing
        await watchers[2].PollAsync();
        Assert.Equal(1, await guard.LevelOfAsync(0)); // the third: one step (elevated)
        await trader.TradeAsync(100_000);             // elevated still lets positions open

        // Wave 2, an hour later, after one honest price: a new incident; the second step makes the market reduce-only.
        await oracle.SetPriceAsync(2_000_000_000);
        await _chain.AdvanceAsync(3_600);
        for (var i = 0; i < 3; i++) await oracle.SetPriceAsync(3_100_000_000);
        foreach (var w in watchers) await w.PollAsync();
        Assert.Equal(2, await guard.LevelOfAsync(0));
        Assert.False(await guard.AllowsAsync(0, PauseFlags.Open));
        Assert.Equal("Refused", (await Assert.ThrowsAsync<ChainRevertException>(() => trader.TradeAsync(100_000))).Error);
        await trader.TradeAsync(-100_000);

        Assert.All(watchers, w => Assert.Equal(2, w.Attested));
        Assert.All(watchers, w => Assert.Equal(7, w.Seen.Prices));
        Assert.All(watchers, w => Assert.True(w.AttestationGas.All(g => g is > 40_000 and < 250_000), string.Join(",", w.AttestationGas)));
        // What a guarded operation pays for the check: the view call's gas less the 21,000 of any transaction.
        var allowsCall = new Nethereum.Web3.Web3(_chain.Url).Eth.GetContract(ContractArtifacts.Guard.Abi, d.Guard.Hex).GetFunction("allows");
        var check = (long)(await allowsCall.EstimateGasAsync(new System.Numerics.BigInteger(0), (byte)1)).Value - 21_000;
        output.WriteLine($"gas per attestation (watchers 1-3, waves 1-2): {string.Join(" ", watchers.Select(w => string.Join("/", w.AttestationGas)))}; guard check allows(): {check}");
        Assert.InRange(check, 1_000, 30_000);
    }

    [Fact]
    public async Task LiquidationCascade_FromPositionAndLiquidationLogs_IsAttested()
    {
        var d = await DeployAsync();
        var oracle = new DemoMarketClient(_chain.Url, d.Market, _oracle, d.ChainId);
        var log = new StringWriter();
        var w = new ChainWatcher(_chain.Url, new GuardClient(_chain.Url, d.Guard, _watchers[0], d.ChainId), _watchers[0], d.Market, 0,
            () => [new LiquidationCascadeDetector()], confirmations: 0, await HeadAsync(), log);
        // Five longs of 10 units at $2,000 ($20,000 each, $100,000 open interest) on $2,500 of collateral each.
        var traders = _watchers.Select(k => new DemoMarketClient(_chain.Url, d.Market, k, d.ChainId)).ToArray();
        foreach (var t in traders)
        {
            await t.DepositAsync(2_500_000_000);
            await t.TradeAsync(10_000_000);
        }
        // At $1,800 each has $500 of equity against $900 of maintenance: four are liquidated, $72,000 of notional, 80 %
        // of what was open (the cascade detector's 10 %, above its $50,000 floor).
        await oracle.SetPriceAsync(1_800_000_000);
        var keeper = GuardClient.Connect(_chain.Url, _oracle, d.ChainId).Eth.GetContract(ContractArtifacts.Market.Abi, d.Market.Hex);
        foreach (var k in _watchers.Take(4))
            await Transactions.SendAsync(keeper, ContractArtifacts.Market, _oracle.Address, "liquidate", default, k.Address.Hex);
        await w.PollAsync();

        Assert.Equal((1, 5, 4), (w.Seen.Prices, w.Seen.Positions, w.Seen.Liquidations));
        Assert.Equal(1, w.Attested);
        Assert.Contains("liquidation-cascade", log.ToString());
        // On chain: the guard holds this watcher's level-2 attestation of the incident (its hour: now's, or the one before
        // if the test crossed an hour).
        var guard = new GuardClient(_chain.Url, d.Guard, _oracle, d.ChainId);
        var hour = await _chain.NowAsync() / 3600;
        long at = 0;
        foreach (var h in new[] { hour, hour - 1 })
            at = Math.Max(at, await guard.AttestedAtAsync(0, 2, Keccak.Hash(System.Text.Encoding.UTF8.GetBytes($"liquidation-cascade:0:{h}")), _watchers[0].Address));
        Assert.True(at > 0);
    }

    [Fact]
    public async Task ReorgOfDepthTwo_IsRewound_WithoutASecondAttestation()
    {
        var d = await DeployAsync();
        var oracle = new DemoMarketClient(_chain.Url, d.Market, _oracle, d.ChainId);
        var log = new StringWriter();
        var w = Watcher(d, 0, log, await HeadAsync());
        for (var i = 0; i < 3; i++) await oracle.SetPriceAsync(3_000_000_000);
        await w.PollAsync();
        Assert.Equal(1, w.Attested);

        var snapshot = (await _chain.RpcAsync("evm_snapshot")).GetString()!;
        await oracle.SetPriceAsync(3_000_000_000);
        await _chain.RpcAsync("evm_mine");
        await w.PollAsync();
        Assert.Equal(0, w.Rewound);

        // The two blocks are replaced by three others (empty, later timestamps: other hashes). Ganache's eager mining
        // does not return a transaction sent after evm_revert, so the new branch carries no transaction.
        Assert.True((await _chain.RpcAsync("evm_revert", snapshot)).GetBoolean());
        for (var i = 0; i < 3; i++) await _chain.AdvanceAsync(5);
        await w.PollAsync();

        Assert.Equal(2, w.Rewound);
        Assert.Equal(1, w.Attested);
        Assert.DoesNotContain("refused", log.ToString());
        Assert.Contains("rewound 2 block(s)", log.ToString());
        var sent = Convert.ToInt64((await _chain.RpcAsync("eth_getTransactionCount", _watchers[0].Address.Hex, "latest")).GetString()!, 16);
        Assert.Equal(1, sent);
        Assert.Equal(4, w.Seen.Prices); // 3, and 1 on the dropped branch (counted as read)
    }
}
