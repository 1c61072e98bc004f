namespace Breakwater.Protocol.Engine;

/// <summary>Why a transaction was refused. A refused transaction changes nothing.</summary>
public enum RejectReason : byte
{
    /// <summary>The account id is unknown (or not positive).</summary>
    UnknownAccount = 1,
    /// <summary>The market id is unknown.</summary>
    UnknownMarket,
    /// <summary>The market id is already used.</summary>
    DuplicateMarket,
    /// <summary>An amount is zero, negative or out of range.</summary>
    InvalidAmount,
    /// <summary>A price is zero, negative, above the maximum or off the tick grid.</summary>
    InvalidPrice,
    /// <summary>A size is zero, negative, above the maximum or off the step grid.</summary>
    InvalidSize,
    /// <summary>Market parameters are inconsistent.</summary>
    InvalidParams,
    /// <summary>Buyer and seller (or account and liquidator) are the same.</summary>
    SelfTrade,
    /// <summary>A side would not meet initial margin after the trade.</summary>
    InsufficientMargin,
    /// <summary>The withdrawal exceeds free collateral.</summary>
    InsufficientCollateral,
    /// <summary>The market is halted.</summary>
    MarketHalted,
    /// <summary>The market is reduce-only and the trade increases a position.</summary>
    MarketReduceOnly,
    /// <summary>The market is in final settlement.</summary>
    MarketSettled,
    /// <summary>The operation is paused by a pause flag.</summary>
    Paused,
    /// <summary>The oracle's validity grade does not allow the operation.</summary>
    OracleInvalid,
    /// <summary>Open interest would exceed the cap.</summary>
    OpenInterestCap,
    /// <summary>The account meets maintenance margin.</summary>
    NotLiquidatable,
    /// <summary>The account holds no position in the market.</summary>
    NoPosition,
    /// <summary>The liquidation fill is worse than the market's max discount from mark.</summary>
    FillOutsideBound,
    /// <summary>The market's liquidation throttle is used up for this window.</summary>
    LiquidationThrottled,
    /// <summary>The liquidator would not meet initial margin.</summary>
    LiquidatorInsufficientMargin,
    /// <summary>The transaction's time is earlier than the last applied one.</summary>
    TimeRegression,
    /// <summary>The oracle source id is not one of the market's sources.</summary>
    InvalidSource,
    /// <summary>A quantity overflowed the fixed-point range.</summary>
    ArithmeticOverflow,
    /// <summary>Governance is not configured, or is configured already.</summary>
    GovernanceNotConfigured,
    /// <summary>The message's expiry has passed.</summary>
    Expired,
    /// <summary>The message's signing hash was accepted before.</summary>
    Replayed,
    /// <summary>A signature is malformed or malleated (high s).</summary>
    BadSignature,
    /// <summary>A signer is not a member of the role (wrong key or wrong domain).</summary>
    Unauthorized,
    /// <summary>Fewer distinct valid signers than the role's threshold.</summary>
    BelowThreshold,
    /// <summary>The operation's timelock has not elapsed.</summary>
    TimelockNotReady,
    /// <summary>No such queued operation (never queued, or cancelled).</summary>
    UnknownOperation,
    /// <summary>The operation was already executed.</summary>
    OperationDone,
    /// <summary>The operation or message content is invalid.</summary>
    InvalidOperation,
    /// <summary>A <c>Tick</c> found nothing due: no grade, cooldown or lapse changes at this time.</summary>
    NothingDue,
    /// <summary>Collateral deposited too recently (the deposit-maturity window) would back a withdrawal or new risk.</summary>
    CollateralNotMature,
}
