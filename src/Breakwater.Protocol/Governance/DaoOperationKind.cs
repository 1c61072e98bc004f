namespace Breakwater.Protocol.Governance;

/// <summary>
/// What a timelocked DAO operation does; its payload is canonical bytes:
/// SetMarketParams = i32 market ‖ MarketParams; Unpause = i32 market (−1 global) ‖ u8 flags;
/// SetRoles = u8 role ‖ RoleSet; ExtendPause = i32 market ‖ i64 until; Settle = i32 market ‖ i64 price (1e-8 USD).
/// </summary>
public enum DaoOperationKind : byte
{
    /// <summary>Replace a market's parameters (the oracle source count cannot change).</summary>
    SetMarketParams = 1,
    /// <summary>Switch pause flags off.</summary>
    Unpause = 2,
    /// <summary>Replace a role's members and threshold.</summary>
    SetRoles = 3,
    /// <summary>Move a pause's lapse time.</summary>
    ExtendPause = 4,
    /// <summary>Final settlement of a market at a stated price.</summary>
    Settle = 5,
    /// <summary>Return liquidity from the vault to the insurance fund (payload: amount, 1e-6 USD); only once the vault's lock has run out.</summary>
    ReleaseVault = 6,
    /// <summary>
    /// Recovery by rollback (payload: I64 H, I32 n, n × I64 heights to leave out, ascending, each above H): the core records
    /// the decision (<see cref="Events.RecoveryApproved"/>); the node then writes the recovered log and stops for a restart on it.
    /// </summary>
    Recover = 7,
}
