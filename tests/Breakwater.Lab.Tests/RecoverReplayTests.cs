using Breakwater.Lab.Policies;
using Breakwater.Lab.Replay;
using Breakwater.Lab.Scenarios;
using Breakwater.Ledger;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;
using Microsoft.Data.Sqlite;

namespace Breakwater.Lab.Tests;

/// <summary>Recovery by rollback on a lab replay whose exploit is injected: the flash loan's block is left out.</summary>
public class RecoverReplayTests
{
    [Fact]
    public void FlashLoanOnBaseline_LeftOut_GivesTheLiquidityItsMoneyBack_AndTheDiffListsOnlyAttackerAndVictim()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(SyntheticData.Start + 1_800).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        using var d = new SyntheticData(injections: $$"""[{ "type": "flashLoan", "source": 0, "factor": 1.1, "share": 0.3, "side": "long", "at": "{{at}}" }]""");
        var report = LabRun.Run(ScenarioLoader.Load(d.ScenarioFile), [PolicyLoader.Load("baseline")], new LabOptions { OutDir = Path.Combine(d.Dir, "out") }).Report;
        var baseline = report.Policies.Single();
        Assert.True(baseline.FlashLoanProfitUsd > 0);

        // The attack is one contiguous block of transactions: the attacker's deposit through its withdrawal.
        var txs = Read(baseline.EventLog);
        var first = txs.First(x => x.Tx is Deposit { Account: ReplayRunner.Attacker }).Height;
        var last = txs.First(x => x.Tx is Withdraw { Account: ReplayRunner.Attacker }).Height;
        var block = Enumerable.Range((int)first, (int)(last - first + 1)).Select(h => (long)h).ToList();
        Assert.Equal(5, block.Count); // deposit, open, pushed report, close, withdraw

        var recovered = Path.Combine(d.Dir, "recovered.db");
        var r = Rollback.Run(baseline.EventLog, first - 1, block, recovered, Breakwater.Crypto.EthereumVerifier.Instance);
        Assert.Empty(r.Dropped);
        Assert.Equal([ReplayRunner.Backstop, ReplayRunner.Attacker], r.Accounts.Select(a => a.Account));
        // The attacker: nothing left in either history, but it took the loan plus its profit out, and after recovery nothing.
        var attacker = r.Accounts.Single(a => a.Account == ReplayRunner.Attacker);
        Assert.Equal((Usd.Zero, Usd.Zero), (attacker.CollateralBefore, attacker.CollateralAfter));
        Assert.Equal(-baseline.FlashLoanProfitUsd, attacker.NetDepositsBefore.Micros / (double)Usd.Scale, 6);
        Assert.Equal(Usd.Zero, attacker.NetDepositsAfter);
        // The market's liquidity gets back what the attacker took plus both sides' fees on the two fills (within 5 %).
        var backstop = r.Accounts.Single(a => a.Account == ReplayRunner.Backstop);
        var regained = (backstop.CollateralAfter - backstop.CollateralBefore).Micros / (double)Usd.Scale;
        Assert.InRange(regained, baseline.FlashLoanProfitUsd, baseline.FlashLoanProfitUsd * 1.05);
        Assert.True(LogVerifier.Verify(recovered, Breakwater.Crypto.EthereumVerifier.Instance).Ok);
    }

    private static List<(long Height, Transaction Tx)> Read(string path)
    {
        using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var c = db.CreateCommand();
        c.CommandText = "SELECT height, bytes FROM tx ORDER BY height";
        using var rd = c.ExecuteReader();
        var list = new List<(long, Transaction)>();
        while (rd.Read()) list.Add((rd.GetInt64(0), TxCodec.Decode((byte[])rd[1])));
        return list;
    }
}
