namespace Breakwater.Protocol.Oracle;

/// <summary>
/// Which operations may proceed under each oracle grade. Risk-reducing trades stay allowed while the
/// price is trustworthy enough to value them; a withdrawal depends only on the oracles of the markets
/// the account actually holds, so a stale feed elsewhere never blocks it.
/// </summary>
/// <remarks>
/// <code>
/// grade                        open  reduce  liquidate/ADL  withdraw  funding
/// Valid (confirmed)             yes   yes     yes            yes       yes
/// Diverging                     no    yes     no             no        no
/// TooVolatile (unconfirmed)     no    yes     no             no        no
/// InsufficientSources           no    yes     no             no        no
/// Stale                         no    yes     no             no        no
/// </code>
/// Only a Valid grade is a confirmed price: every other grade freezes the mark at the last confirmed price, and
/// nothing is liquidated (nor auto-deleveraged, which happens only inside a liquidation) on it. Liquidating on a
/// manipulated or contested print is what oracle-manipulation attacks (Mango Markets, Oct 2022) rely on. Reducing is
/// always allowed: it is valued at the last confirmed mark, realizes the trader's own loss at the trade price, and
/// only lowers the protocol's risk. Withdrawals and new risk need a confirmed price for every market the account holds
/// (cross margin is judged at each market's last confirmed mark). Funding is settled, and its premium sampled, only at a
/// confirmed price: a manipulated index would otherwise move money between every long and every short. By market status: Active allows everything;
/// ReduceOnly and Halted allow reducing only (a halt does not trap traders); a band halt with a Valid oracle keeps
/// liquidating (<see cref="Markets.MarketParams.LiquidateWhenHalted"/>) so bad debt does not pile up behind it, while a
/// halt caused by the oracle grade stops liquidations through this table; Settlement allows nothing.
/// </remarks>
public static class OraclePermissions
{
    private static readonly bool[,] Table =
    {
        //            Open   Reduce Liquidate Withdraw Funding
        /* Valid */ { true,  true,  true,     true,    true  },
        /* Diverg */ { false, true,  false,    false,   false },
        /* TooVol */ { false, true,  false,    false,   false },
        /* Insuff */ { false, true,  false,    false,   false },
        /* Stale  */ { false, true,  false,    false,   false },
    };

    /// <summary>Whether <paramref name="operation"/> may proceed under <paramref name="validity"/>.</summary>
    public static bool Allows(OracleValidity validity, OracleOperation operation) => Table[(int)validity, (int)operation];
}
