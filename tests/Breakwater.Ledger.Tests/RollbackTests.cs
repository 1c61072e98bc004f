using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Ledger.Tests;

/// <summary>
/// Recovery by rollback on a log with a planted exploit: account 5 buys 1 BTC from account 6 at $1 while the mark is
/// $10,000 (height 6), then withdraws the $9,999 that made it (height 8); an honest deposit of account 7 lies between.
/// </summary>
public sealed class RollbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bw-rollback").FullName;
    private string Source => Path.Combine(_dir, "source.db");
    private string Recovered => Path.Combine(_dir, "recovered.db");

    public void Dispose() => Directory.Delete(_dir, true);

    public RollbackTests() => WriteSource(Source, 0);

    /// <summary>Writes the planted-exploit log to <paramref name="path"/>, with a snapshot every <paramref name="snapshotEvery"/> heights.</summary>
    private static void WriteSource(string path, long snapshotEvery)
    {
        var engine = new ProtocolEngine();
        using var log = new EventLogWriter(path, engine, snapshotEvery: snapshotEvery);
        var time = 1_700_000_000L;
        var p = new MarketParams { Oracle = new OracleParams { SourceCount = 1, Quorum = 1 } };
        Transaction[] txs =
        [
            new CreateMarket(1, "BTC-USD", p, Price.FromDollars(10_000)),               // 1
            new Deposit(5, Usd.FromDollars(2_000)),                                      // 2
            new Deposit(6, Usd.FromDollars(20_000)),                                     // 3
            new OracleReport(1, 0, Price.FromDollars(10_000)),                           // 4
            new Deposit(7, Usd.FromDollars(500)),                                        // 5
            new Trade(1, 5, 6, new Size(Size.Scale), Price.FromDollars(1)),              // 6: the exploit
            new OracleReport(1, 0, Price.FromDollars(10_000)),                           // 7
            new Trade(1, 6, 5, new Size(Size.Scale), Price.FromDollars(10_000)),         // 8: 5 closes at the mark
            new Withdraw(5, Usd.FromDollars(11_000)),                                    // 9: and takes the proceeds
            new Deposit(7, Usd.FromDollars(250)),                                        // 10
        ];
        foreach (var tx in txs)
        {
            var r = engine.Apply(tx with { Time = time += 10 });
            Assert.True(r.Accepted, $"{tx.Kind}: {r.Rejection}");
            log.Append(engine.Height, tx with { Time = time });
        }
        log.Seal();
    }

    [Fact]
    public void ExcludingTheExploit_DropsWhatDependedOnIt_KeepsTheRest_AndListsEveryChangedAccount()
    {
        var r = Rollback.Run(Source, 5, [6], Recovered, Breakwater.Crypto.EthereumVerifier.Instance);
        Assert.Equal([6L], r.Excluded);
        // Without the $1 fill, account 5's later sale opens a short instead of closing a long, and the $11,000 withdrawal
        // of the exploit's proceeds is refused.
        Assert.Equal([9L], r.Dropped.Select(d => d.Height));
        Assert.Equal(3, r.Reapplied); // heights 7, 8 and 10
        var five = Assert.Single(r.Accounts, a => a.Account == 5);
        var six = Assert.Single(r.Accounts, a => a.Account == 6);
        Assert.Equal(2, r.Accounts.Count);
        // After: each side of the $10,000 fill at height 8 paid the 5 bp fee, $5.
        Assert.Equal(Usd.FromDollars(1_995), five.CollateralAfter);
        Assert.Equal(-Size.Scale, five.PositionsAfter[1]);
        Assert.Equal(Usd.FromDollars(19_995), six.CollateralAfter);
        Assert.Equal(Size.Scale, six.PositionsAfter[1]);
        // Before: 5 had turned $2,000 into $11,000 out and ~$1,000 left; 6 had lost the $9,999 gap.
        Assert.Empty(five.PositionsBefore);
        Assert.True(five.CollateralBefore < Usd.FromDollars(1_000), $"before: {five.CollateralBefore}");
        Assert.True(six.CollateralBefore < Usd.FromDollars(11_000), $"before: {six.CollateralBefore}");
        Assert.True(LogVerifier.Verify(Recovered, Breakwater.Crypto.EthereumVerifier.Instance).Ok);
    }

    [Fact]
    public void FromASnapshot_TheSameRecovery_WithoutReplayingFromGenesis()
    {
        var withSnapshots = Path.Combine(_dir, "snapshots.db");
        WriteSource(withSnapshots, 3); // snapshots at heights 3 and 6 (and 9)
        var plain = Rollback.Run(Source, 5, [6], Recovered, Breakwater.Crypto.EthereumVerifier.Instance);
        var fast = Rollback.Run(withSnapshots, 5, [6], Path.Combine(_dir, "fast.db"), Breakwater.Crypto.EthereumVerifier.Instance);
        Assert.Equal((0L, 3L), (plain.SnapshotHeight, fast.SnapshotHeight));
        Assert.Equal(plain.RecoveredHead, fast.RecoveredHead);
        Assert.Equal(plain.ToJson().Replace("\"replayedFromSnapshotAt\": 0", "\"replayedFromSnapshotAt\": 3"), fast.ToJson());
        Assert.True(LogVerifier.Verify(Path.Combine(_dir, "fast.db"), Breakwater.Crypto.EthereumVerifier.Instance).Ok);
        // A snapshot that no longer matches its recorded state hash is refused, not trusted.
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={withSnapshots};Pooling=False"))
        {
            db.Open();
            using var c = db.CreateCommand();
            c.CommandText = "UPDATE snapshot SET state = 'tampered' WHERE height = 3";
            c.ExecuteNonQuery();
        }
        Assert.Contains("its record says tampered", Assert.Throws<InvalidDataException>(() => Rollback.Run(withSnapshots, 5, [6], Path.Combine(_dir, "again.db"), Breakwater.Crypto.EthereumVerifier.Instance)).Message);
    }

    [Fact]
    public void BadArguments_AreRefusedWithTheReason_AndWriteNothing()
    {
        Assert.Contains("not above --from", Assert.Throws<ArgumentException>(() => Rollback.Run(Source, 6, [6], Recovered, Breakwater.Crypto.EthereumVerifier.Instance)).Message);
        Assert.Contains("not in the log", Assert.Throws<ArgumentException>(() => Rollback.Run(Source, 5, [99], Recovered, Breakwater.Crypto.EthereumVerifier.Instance)).Message);
        Assert.Contains("outside the log's heights", Assert.Throws<ArgumentException>(() => Rollback.Run(Source, 50, [60], Recovered, Breakwater.Crypto.EthereumVerifier.Instance)).Message);
        Assert.Contains("new file", Assert.Throws<ArgumentException>(() => Rollback.Run(Source, 5, [6], Source, Breakwater.Crypto.EthereumVerifier.Instance)).Message);
        Assert.Throws<FileNotFoundException>(() => Rollback.Run(Path.Combine(_dir, "none.db"), 5, [6], Recovered, Breakwater.Crypto.EthereumVerifier.Instance));
        Assert.False(File.Exists(Recovered));
    }
}
