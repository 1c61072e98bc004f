using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

public class TxKindTests
{
    /// <summary>Every kind is placed: a new kind fails here until someone decides whether it is governance and whether it is signed.</summary>
    [Fact]
    public void EveryKind_IsClassifiedAsGovernanceSignedOrNeither()
    {
        TxKind[] governance = [TxKind.SubmitAttestation, TxKind.SubmitPause, TxKind.SubmitVeto, TxKind.QueueOperation, TxKind.ExecuteOperation, TxKind.SubmitThreatSignal, TxKind.CancelOperation];
        TxKind[] signedUser = [TxKind.BridgeDeposit, TxKind.SignedWithdraw, TxKind.MatchOrders, TxKind.SignedOracleReport, TxKind.SignedLiquidate];
        TxKind[] neither = [TxKind.CreateMarket, TxKind.Deposit, TxKind.Withdraw, TxKind.FundInsurance, TxKind.Trade, TxKind.OracleReport, TxKind.Liquidate,
            TxKind.ConfigureGovernance, TxKind.ConfigureMarketWideBreaker, TxKind.Tick, TxKind.ConfigureAccess];
        Assert.Equal(Enum.GetValues<TxKind>().Order(), governance.Concat(signedUser).Concat(neither).Order());
        Assert.All(governance, k => Assert.True(k.IsGovernance() && k.IsSigned(), k.ToString()));
        Assert.All(signedUser, k => Assert.True(!k.IsGovernance() && k.IsSigned(), k.ToString()));
        Assert.All(neither, k => Assert.False(k.IsGovernance() || k.IsSigned(), k.ToString()));
    }
}
