using System.Text;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Markets;
using Breakwater.Testing;

namespace Breakwater.Chain.Tests;

/// <summary>
/// The guard on a real local chain (ganache): deployed from the compiled contracts, driven by real secp256k1 keys and
/// EIP-1559 transactions. Each test deploys its own contracts on one chain shared by the class.
/// </summary>
public sealed class GuardTests : IAsyncLifetime
{
    private static KeyFile NewKey() => KeyFile.FromPrivateKey(Secp256k1.NewPrivateKey());

    private readonly KeyFile _deployer = NewKey(), _dao = NewKey(), _trader = NewKey();
    private readonly KeyFile[] _watchers = Enumerable.Range(0, 5).Select(_ => NewKey()).ToArray();
    private readonly KeyFile[] _council = Enumerable.Range(0, 3).Select(_ => NewKey()).ToArray();
    private Ganache _chain = null!;

    public async Task InitializeAsync() => _chain = await Ganache.StartAsync([_deployer, _dao, _trader, .. _watchers, .. _council]);

    public async Task DisposeAsync() => await _chain.DisposeAsync();

    private async Task<GuardDeployment> DeployAsync(long timelockDelay = 3_600)
        => await GuardDeployment.DeployAsync(_chain.Url, _deployer,
            new GuardSettings(_watchers.Select(w => w.Address).ToList(), 3, _council.Select(c => c.Address).ToList(), 2, _dao.Address, timelockDelay));

    private GuardClient Client(GuardDeployment d, KeyFile sender) => new(_chain.Url, d.Guard, sender, d.ChainId);

    private static byte[] Incident(string s) => Keccak.Hash(Encoding.UTF8.GetBytes(s));

    private async Task<AttestationMessage> AttestationAsync(int level, string incident, long nonce, long expiresIn = 600)
        => new(0, level, Incident(incident), 900, nonce, await _chain.NowAsync() + expiresIn);

    [Fact]
    public async Task ThreeOfFiveWatchers_RaiseTheLevel_AndTheMarketRefusesNewPositions()
    {
        var d = await DeployAsync();
        var trader = new DemoMarketClient(_chain.Url, d.Market, _trader, d.ChainId);
        await trader.DepositAsync(1_000_000_000);
        await trader.TradeAsync(100_000); // 0.1 unit at $2,000: $200 notional on $1,000

        var m = await AttestationAsync(2, "oracle-manipulation:0:1", 1);
        var gas = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var c = Client(d, _watchers[i]);
            Assert.Equal(0, i < 2 ? await c.LevelOfAsync(0) : 0);
            gas.Add((long)(await c.AttestAsync(m, c.Sign(_watchers[i], m))).GasUsed.Value);
        }
        var guard = Client(d, _trader);
        // Requested 2 from level 0: one step at most, so 1 (elevated) — the node's rule.
        Assert.Equal(1, await guard.LevelOfAsync(0));
        Assert.True(await guard.AllowsAsync(0, PauseFlags.Open));

        // The same three attest the next step; now high (2): reduce-only, so new positions are refused, reductions not.
        var again = await AttestationAsync(2, "oracle-manipulation:0:1-step2", 2);
        for (var i = 0; i < 3; i++) { var c = Client(d, _watchers[i]); await c.AttestAsync(again, c.Sign(_watchers[i], again)); }
        Assert.Equal(2, await guard.LevelOfAsync(0));
        Assert.False(await guard.AllowsAsync(0, PauseFlags.Open));
        var refused = await Assert.ThrowsAsync<ChainRevertException>(() => trader.TradeAsync(100_000));
        Assert.Equal("Refused", refused.Error);
        await trader.TradeAsync(-50_000); // reduce-only still lets the trader cut risk
        Assert.All(gas, g => Assert.InRange(g, 40_000, 250_000));
    }

    [Fact]
    public async Task TwoWatchersAlone_DoNotMoveTheLevel()
    {
        var d = await DeployAsync();
        var m = await AttestationAsync(1, "volatility:0:7", 1);
        for (var i = 0; i < 2; i++) { var c = Client(d, _watchers[i]); await c.AttestAsync(m, c.Sign(_watchers[i], m)); }
        Assert.Equal(0, await Client(d, _trader).LevelOfAsync(0));
        // A third signature by one of the two (a fresh nonce) is still two distinct watchers.
        var again = m with { Nonce = 2 };
        var c0 = Client(d, _watchers[0]);
        await c0.AttestAsync(again, c0.Sign(_watchers[0], again));
        Assert.Equal(0, await Client(d, _trader).LevelOfAsync(0));
    }

    [Fact]
    public async Task ReplayedExpiredForeignAndHighS_Revert()
    {
        var d = await DeployAsync();
        var c = Client(d, _watchers[0]);
        var m = await AttestationAsync(1, "volatility:0:9", 1);
        var sig = c.Sign(_watchers[0], m);
        await c.AttestAsync(m, sig);
        Assert.Equal("Replayed", (await Assert.ThrowsAsync<ChainRevertException>(() => c.AttestAsync(m, sig))).Error);

        var old = await AttestationAsync(1, "volatility:0:10", 2, expiresIn: 60);
        var oldSig = c.Sign(_watchers[0], old);
        await _chain.AdvanceAsync(120);
        Assert.Equal("Expired", (await Assert.ThrowsAsync<ChainRevertException>(() => c.AttestAsync(old, oldSig))).Error);

        var outsider = NewKey();
        var fresh = await AttestationAsync(1, "volatility:0:11", 3);
        Assert.Equal("NotAWatcher", (await Assert.ThrowsAsync<ChainRevertException>(() => c.AttestAsync(fresh, c.Sign(outsider, fresh)))).Error);

        // The same signature malleated to high s (s' = n − s, v flipped) recovers the same signer mathematically; the guard refuses it.
        var low = c.Sign(_watchers[0], fresh);
        Assert.Equal("ECDSAInvalidSignatureS", (await Assert.ThrowsAsync<ChainRevertException>(() => c.AttestAsync(fresh, Signatures.HighS(low)))).Error);
        await c.AttestAsync(fresh, low);
    }

    [Fact]
    public async Task CouncilPausesWithTwoOfThree_CannotUnpause_AndTheDaoUnpausesOnlyAfterTheTimelock()
    {
        var d = await DeployAsync(timelockDelay: 3_600);
        var member = Client(d, _council[0]);
        var pause = new PauseMessage(0, PauseFlags.Open | PauseFlags.Liquidate, 86_400, 1, await _chain.NowAsync() + 600);
        Assert.Equal("NotEnoughSigners", (await Assert.ThrowsAsync<ChainRevertException>(() => member.CouncilPauseAsync(pause, [member.Sign(_council[0], pause)]))).Error);
        await member.CouncilPauseAsync(pause, [member.Sign(_council[0], pause), member.Sign(_council[2], pause)]);
        Assert.Equal(PauseFlags.Open | PauseFlags.Liquidate, await member.PausedFlagsAsync(0));
        Assert.False(await member.AllowsAsync(0, PauseFlags.Liquidate));

        // The council has no unpause: calling the admin function from a council key is refused by AccessControl.
        var asCouncil = new TimelockClient(_chain.Url, d, _council[1]);
        var guardAsCouncil = GuardClient.Connect(_chain.Url, _council[1], d.ChainId).Eth.GetContract(ContractArtifacts.Guard.Abi, d.Guard.Hex);
        var unpause = await Assert.ThrowsAsync<ChainRevertException>(() => Transactions.SendAsync(guardAsCouncil, ContractArtifacts.Guard, _council[1].Address, "unpause", default, System.Numerics.BigInteger.Zero));
        Assert.Equal("AccessControlUnauthorizedAccount", unpause.Error);
        var notProposer = await Assert.ThrowsAsync<ChainRevertException>(() => asCouncil.ScheduleAsync(asCouncil.GuardCall("unpause", new System.Numerics.BigInteger(0)), new byte[32], 3_600));
        Assert.Equal("AccessControlUnauthorizedAccount", notProposer.Error);

        // The DAO: schedule, too early to execute, then after the delay the market is unpaused.
        var dao = new TimelockClient(_chain.Url, d, _dao);
        var call = dao.GuardCall("unpause", new System.Numerics.BigInteger(0));
        var salt = Keccak.Hash("unpause-0"u8.ToArray());
        Assert.Equal("TimelockInsufficientDelay", (await Assert.ThrowsAsync<ChainRevertException>(() => dao.ScheduleAsync(call, salt, 60))).Error);
        await dao.ScheduleAsync(call, salt, 3_600);
        Assert.Equal("TimelockUnexpectedOperationState", (await Assert.ThrowsAsync<ChainRevertException>(() => dao.ExecuteAsync(call, salt))).Error);
        await _chain.AdvanceAsync(3_601);
        await dao.ExecuteAsync(call, salt);
        Assert.Equal(PauseFlags.None, await member.PausedFlagsAsync(0));
    }

    [Fact]
    public async Task CouncilPause_Lapses()
    {
        var d = await DeployAsync();
        var member = Client(d, _council[0]);
        var pause = new PauseMessage(-1, PauseFlags.Deposit, 600, 1, await _chain.NowAsync() + 600);
        await member.CouncilPauseAsync(pause, [member.Sign(_council[1], pause), member.Sign(_council[2], pause)]);
        Assert.False(await member.AllowsAsync(0, PauseFlags.Deposit));
        await _chain.AdvanceAsync(601);
        Assert.True(await member.AllowsAsync(0, PauseFlags.Deposit));
    }
}
