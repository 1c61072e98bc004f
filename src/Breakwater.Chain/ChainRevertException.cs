namespace Breakwater.Chain;

/// <summary>A call or transaction the chain refused: <see cref="Error"/> is the contract's custom error or revert reason, decoded from its ABI where possible.</summary>
public sealed class ChainRevertException(string error, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The custom error's name (e.g. <c>Replayed</c>, <c>ECDSAInvalidSignatureS</c>) or the revert string; "" when nothing was decoded.</summary>
    public string Error { get; } = error;
}
