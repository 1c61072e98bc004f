namespace Breakwater.Protocol.Transactions;

/// <summary>What kind of submission a <see cref="TxKind"/> is, in one place.</summary>
public static class TxKindExtensions
{
    /// <summary>Messages of the governance roles: watcher attestations, council and guardian pauses, vetoes, DAO proposals, executions and cancels, peer threat signals.</summary>
    public static bool IsGovernance(this TxKind k) => k is TxKind.SubmitAttestation or TxKind.SubmitPause or TxKind.SubmitVeto
        or TxKind.QueueOperation or TxKind.ExecuteOperation or TxKind.SubmitThreatSignal or TxKind.CancelOperation;

    /// <summary>Submissions that carry signatures: governance messages and signed-mode user requests (bridge deposits, withdrawals, orders, oracle reports, liquidations).</summary>
    public static bool IsSigned(this TxKind k) => k.IsGovernance() || k is TxKind.BridgeDeposit or TxKind.SignedWithdraw or TxKind.MatchOrders
        or TxKind.SignedOracleReport or TxKind.SignedLiquidate;
}
