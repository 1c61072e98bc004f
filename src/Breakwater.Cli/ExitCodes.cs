namespace Breakwater.Cli;

/// <summary>Process exit codes, the same for every command.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Verification failed (a log that does not re-derive).</summary>
    public const int VerificationFailed = 1;

    /// <summary>Bad input or usage: malformed data, unknown scenario or policy, missing file.</summary>
    public const int BadInput = 2;
}
