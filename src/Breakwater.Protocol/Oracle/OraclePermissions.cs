namespace Breakwater.Protocol.Oracle;

/// <summary>
/// Which operations may proceed under each oracle grade. Risk-reducing trades stay allowed while the
/// price is trustworthy enough to value them; a withdrawal depends only on the oracles of the markets
/// the account actually holds, so a stale feed elsewhere never blocks it.
/// </summary>
/// <remarks>
/// <code>
/// grade                open  reduce  liquidate  withdraw
/// Valid                 yes   yes     yes        yes
/// Diverging             no    yes     yes        yes
/// TooVolatile           no    yes     no         no
/// InsufficientSources   no    no      no         no
/// Stale                 no    no      no         no
/// </code>
/// Liquidating on a too-volatile print is what oracle-manipulation attacks (Mango Markets, Oct 2022)
/// rely on; reducing at such a price only hurts the trader who chooses it.
/// </remarks>
public static class OraclePermissions
{
    private static readonly bool[,] Table =
    {
        //            Open   Reduce Liquidate Withdraw
        /* Valid */ { true,  true,  true,     true  },
        /* Diverg */ { false, true,  true,     true  },
        /* TooVol */ { false, true,  false,    false },
        /* Insuff */ { false, false, false,    false },
        /* Stale  */ { false, false, false,    false },
    };

    /// <summary>Whether <paramref name="operation"/> may proceed under <paramref name="validity"/>.</summary>
    public static bool Allows(OracleValidity validity, OracleOperation operation) => Table[(int)validity, (int)operation];
}
