using System.Diagnostics;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>A node and watcher processes on loopback, replaying an oracle manipulation.</summary>
public class WatcherQuorumTests
{
    private static async Task<(int Actions, int Attesters)> Run(int honest, int killAfterStart, bool adversarial)
    {
        using var procs = new Processes();
        NodeFixture.Write(procs.Dir);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--replay", "scenario.json", "--speed", "200", "--accounts", "100", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        var watchers = Enumerable.Range(1, honest).Select(i => procs.Start($"w{i}", "watch", "--node", url, "--key", $"w{i}.key")).ToList();
        if (adversarial) procs.Start("w5", "watch", "--node", url, "--key", "w5.key", "--adversarial");
        await Task.Delay(1_000);
        foreach (var w in watchers.Take(killAfterStart)) w.Kill(entireProcessTree: true);
        // The manipulation starts 30 market minutes in: 9 s at 200×. Give the quorum until 25 s.
        var sw = Stopwatch.StartNew();
        var result = (Actions: 0, Attesters: 0);
        while (sw.Elapsed < TimeSpan.FromSeconds(25))
        {
            result = await NodeFixture.QuorumAsync(http);
            if (result.Actions > 0 && !adversarial) break;
            await Task.Delay(500);
        }
        return result;
    }

    [Fact]
    public async Task FiveWatchers_AttestTheManipulationAndTheBoundedActionApplies()
    {
        var (actions, attesters) = await Run(honest: 5, killAfterStart: 0, adversarial: false);
        Assert.True(actions >= 1, "no watcher-quorum action");
        Assert.True(attesters >= 3, $"only {attesters} watchers attested");
    }

    [Fact]
    public async Task TwoWatchersKilled_TheOtherThreeStillReachQuorum()
    {
        var (actions, attesters) = await Run(honest: 5, killAfterStart: 2, adversarial: false);
        Assert.True(actions >= 1, "no watcher-quorum action with three watchers left");
        Assert.Equal(3, attesters);
    }

    [Fact]
    public async Task OneKeySigningFalseAttestations_WithTwoHonest_AppliesNothing()
    {
        var (actions, attesters) = await Run(honest: 2, killAfterStart: 0, adversarial: true);
        Assert.Equal(0, actions);
        Assert.True(attesters >= 2, $"the watchers did attest ({attesters}), but no quorum formed");
    }
}
