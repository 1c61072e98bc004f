namespace Breakwater.Protocol.Engine;

/// <summary>A refusal: the reason and a message that says what and where.</summary>
/// <param name="Reason">Machine-readable reason.</param>
/// <param name="Detail">Human-readable detail, e.g. "account 7: equity 12.5 below initial margin 20.0".</param>
public sealed record Rejection(RejectReason Reason, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Reason}: {Detail}";
}
