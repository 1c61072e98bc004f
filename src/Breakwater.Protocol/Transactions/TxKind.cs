namespace Breakwater.Protocol.Transactions;

/// <summary>Kind tags of transactions; part of the canonical encoding, never reused.</summary>
public enum TxKind : byte
{
    /// <summary><see cref="CreateMarket"/>.</summary>
    CreateMarket = 1,
    /// <summary><see cref="Deposit"/>.</summary>
    Deposit = 2,
    /// <summary><see cref="Withdraw"/>.</summary>
    Withdraw = 3,
    /// <summary><see cref="FundInsurance"/>.</summary>
    FundInsurance = 4,
    /// <summary><see cref="Trade"/>.</summary>
    Trade = 5,
    /// <summary><see cref="OracleReport"/>.</summary>
    OracleReport = 6,
    /// <summary><see cref="Liquidate"/>.</summary>
    Liquidate = 7,
    /// <summary><see cref="ConfigureGovernance"/>.</summary>
    ConfigureGovernance = 8,
    /// <summary><see cref="SubmitAttestation"/>.</summary>
    SubmitAttestation = 9,
    /// <summary><see cref="SubmitPause"/>.</summary>
    SubmitPause = 10,
    /// <summary><see cref="SubmitVeto"/>.</summary>
    SubmitVeto = 11,
    /// <summary><see cref="QueueOperation"/>.</summary>
    QueueOperation = 12,
    /// <summary><see cref="ExecuteOperation"/>.</summary>
    ExecuteOperation = 13,
    /// <summary><see cref="ConfigureMarketWideBreaker"/>.</summary>
    ConfigureMarketWideBreaker = 14,
    /// <summary><see cref="SubmitThreatSignal"/>.</summary>
    SubmitThreatSignal = 15,
    /// <summary><see cref="Tick"/>.</summary>
    Tick = 16,
    /// <summary><see cref="ConfigureAccess"/>.</summary>
    ConfigureAccess = 17,
    /// <summary><see cref="BridgeDeposit"/>.</summary>
    BridgeDeposit = 18,
    /// <summary><see cref="SignedWithdraw"/>.</summary>
    SignedWithdraw = 19,
    /// <summary><see cref="MatchOrders"/>.</summary>
    MatchOrders = 20,
    /// <summary><see cref="SignedOracleReport"/>.</summary>
    SignedOracleReport = 21,
    /// <summary><see cref="SignedLiquidate"/>.</summary>
    SignedLiquidate = 22,
    /// <summary><see cref="CancelOperation"/>.</summary>
    CancelOperation = 23,
}
