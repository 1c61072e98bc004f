using Breakwater.Lab.Policies;
using Breakwater.Lab.Replay;
using Breakwater.Lab.Scenarios;
using Breakwater.Ledger;
using Microsoft.Data.Sqlite;

namespace Breakwater.Lab.Tests;

/// <summary>Each tampering of a sealed replay log is a verification failure (exit 1) that names what differs.</summary>
public class VerifierBlindSpotTests
{
    private static (SyntheticData Data, string Log) Log()
    {
        var d = new SyntheticData(accounts: 100);
        var s = ScenarioLoader.Load(d.ScenarioFile);
        var r = LabRun.Run(s, [PolicyLoader.Load("breakwater")], new LabOptions { OutDir = Path.Combine(d.Dir, "out") }).Report;
        var log = r.Policies[0].EventLog;
        Assert.True(LogVerifier.Verify(log, Breakwater.Crypto.EthereumVerifier.Instance).Ok);
        return (d, log);
    }

    private static void Exec(string log, string sql)
    {
        using var db = new SqliteConnection($"Data Source={log};Pooling=False");
        db.Open();
        using var c = db.CreateCommand();
        c.CommandText = sql;
        Assert.True(c.ExecuteNonQuery() > 0, sql);
    }

    [Fact]
    public void LastTransactionAndItsEventsRemoved_IsTruncation()
    {
        var (d, log) = Log();
        using var _ = d;
        Exec(log, "DELETE FROM event WHERE height = (SELECT max(height) FROM tx); DELETE FROM tx WHERE height = (SELECT max(height) FROM tx)");
        var r = LogVerifier.Verify(log, Breakwater.Crypto.EthereumVerifier.Instance);
        Assert.False(r.Ok);
        Assert.Contains("removed from its end", r.Message);
    }

    [Fact]
    public void MetaRowsDeleted_TheSealedCheckpointStillHoldsTheState()
    {
        var (d, log) = Log();
        using var _ = d;
        Exec(log, "DELETE FROM meta; UPDATE checkpoint SET state = 'ab' || substr(state, 3) WHERE height = (SELECT max(height) FROM checkpoint)");
        var r = LogVerifier.Verify(log, Breakwater.Crypto.EthereumVerifier.Instance);
        Assert.False(r.Ok);
        Assert.Contains("says state", r.Message);
    }

    [Fact]
    public void SwappedHead_IsNamed()
    {
        var (d, log) = Log();
        using var _ = d;
        Exec(log, "UPDATE meta SET value = '00' || substr(value, 3) WHERE key = 'log_head_hash'");
        var r = LogVerifier.Verify(log, Breakwater.Crypto.EthereumVerifier.Instance);
        Assert.False(r.Ok);
        Assert.Contains("log head", r.Message);
    }

    [Fact]
    public void MissingMiddleTransaction_IsNamed()
    {
        var (d, log) = Log();
        using var _ = d;
        Exec(log, "DELETE FROM tx WHERE height = 10");
        var r = LogVerifier.Verify(log, Breakwater.Crypto.EthereumVerifier.Instance);
        Assert.False(r.Ok);
        Assert.Contains("height 10 is missing", r.Message);
    }

    [Fact]
    public void TamperedTransactionBlobs_AreVerificationFailuresNeverCrashes()
    {
        var (d, log) = Log();
        using var _ = d;
        // Flip each of the first bytes of a CreateMarket blob in turn: every variant must verify as a failure, not throw.
        for (var i = 1; i <= 40; i++)
        {
            var copy = Path.Combine(d.Dir, $"t{i}.db");
            File.Copy(log, copy);
            Exec(copy, $"UPDATE tx SET bytes = CAST(substr(bytes, 1, {i - 1}) || CASE WHEN substr(bytes, {i}, 1) = x'ff' THEN x'00' ELSE x'ff' END || substr(bytes, {i + 1}) AS BLOB) WHERE kind = 1");
            var r = LogVerifier.Verify(copy, Breakwater.Crypto.EthereumVerifier.Instance);
            Assert.False(r.Ok, $"byte {i}: {r.Message}");
        }
    }
}
