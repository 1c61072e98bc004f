namespace Breakwater.Protocol.Events;

/// <summary>Kind tags of events; values are part of the canonical encoding and never reused.</summary>
public enum EventKind : byte
{
    /// <summary><see cref="MarketCreated"/>.</summary>
    MarketCreated = 1,
    /// <summary><see cref="Deposited"/>.</summary>
    Deposited = 2,
    /// <summary><see cref="Withdrawn"/>.</summary>
    Withdrawn = 3,
    /// <summary><see cref="InsuranceFunded"/>.</summary>
    InsuranceFunded = 4,
    /// <summary><see cref="TradeSettled"/>.</summary>
    TradeSettled = 5,
    /// <summary><see cref="OracleUpdated"/>.</summary>
    OracleUpdated = 6,
    /// <summary><see cref="Liquidated"/>.</summary>
    Liquidated = 7,
    /// <summary><see cref="InsuranceFundDrawn"/>.</summary>
    InsuranceFundDrawn = 8,
    /// <summary><see cref="AutoDeleveraged"/>.</summary>
    AutoDeleveraged = 9,
    /// <summary><see cref="AdlSummary"/>.</summary>
    AdlSummary = 10,
    /// <summary><see cref="SocializedLossRecorded"/>.</summary>
    SocializedLossRecorded = 11,
    /// <summary><see cref="MarginMultiplierChanged"/>.</summary>
    MarginMultiplierChanged = 12,
    /// <summary><see cref="LadderLevelChanged"/>.</summary>
    LadderLevelChanged = 13,
    /// <summary><see cref="IncidentOpened"/>.</summary>
    IncidentOpened = 14,
    /// <summary><see cref="IncidentClosed"/>.</summary>
    IncidentClosed = 15,
    /// <summary><see cref="MarketStatusChanged"/>.</summary>
    MarketStatusChanged = 16,
    /// <summary><see cref="PauseFlagsChanged"/>.</summary>
    PauseFlagsChanged = 17,
    /// <summary><see cref="AttestationRecorded"/>.</summary>
    AttestationRecorded = 18,
    // 19 was GovernanceActionApplied, split into the typed events from 30 on; never reuse it.
    /// <summary><see cref="MarketSettled"/>.</summary>
    MarketSettled = 20,
    /// <summary><see cref="OracleRegraded"/>.</summary>
    OracleRegraded = 21,
    /// <summary><see cref="OracleSourceSuspected"/>.</summary>
    OracleSourceSuspected = 22,
    /// <summary><see cref="PriceConfirmed"/>.</summary>
    PriceConfirmed = 23,
    /// <summary><see cref="AccessConfigured"/>.</summary>
    AccessConfigured = 24,
    /// <summary><see cref="AccountBound"/>.</summary>
    AccountBound = 25,
    /// <summary><see cref="FundingSettled"/>.</summary>
    FundingSettled = 26,
    /// <summary><see cref="LiquidityMigrated"/>.</summary>
    LiquidityMigrated = 27,
    /// <summary><see cref="VaultReleased"/>.</summary>
    VaultReleased = 28,
    /// <summary><see cref="RecoveryApproved"/>.</summary>
    RecoveryApproved = 29,
    /// <summary><see cref="GovernanceConfigured"/>.</summary>
    GovernanceConfigured = 30,
    /// <summary><see cref="LevelFloorRaised"/>.</summary>
    LevelFloorRaised = 31,
    /// <summary><see cref="PauseApplied"/>.</summary>
    PauseApplied = 32,
    /// <summary><see cref="OperationQueued"/>.</summary>
    OperationQueued = 33,
    /// <summary><see cref="OperationExecuted"/>.</summary>
    OperationExecuted = 34,
    /// <summary><see cref="OperationRemoved"/>.</summary>
    OperationRemoved = 35,
    /// <summary><see cref="MarketWideBreakerTriggered"/>.</summary>
    MarketWideBreakerTriggered = 36,
}
