using System.Text.Json.Serialization;

namespace Breakwater.Lab.Scenarios;

/// <summary>
/// A perturbation of the real data. <see cref="Type"/> is one of: <c>oracleManipulation</c> (source's price ×
/// factor from <see cref="At"/> for <see cref="DurationSeconds"/>), <c>sourceOutage</c> (source stops reporting),
/// <c>withdrawalRun</c> (a fraction of accounts try to withdraw everything within the window),
/// <c>concentratedPosition</c> (one account builds a position of <see cref="Share"/> of open interest an hour
/// before <see cref="At"/>), <c>unauthorizedCalls</c> (governance messages by unregistered keys), <c>flashLoan</c> (in
/// one block at <see cref="At"/>: an attacker deposits borrowed collateral worth <see cref="Share"/> of the open
/// interest, opens a 5× position on <see cref="Side"/>, pushes <see cref="Source"/>'s price × <see cref="Factor"/> with the
/// borrowed money, closes at the moved mark and withdraws everything to repay the loan).
/// </summary>
public sealed record Injection
{
    /// <summary>Kind of injection.</summary>
    [JsonRequired] public string Type { get; init; } = "";

    /// <summary>Market symbol (default: the first market).</summary>
    public string? Market { get; init; }

    /// <summary>Source index within the market (oracle injections).</summary>
    public int Source { get; init; }

    /// <summary>Price multiplier (oracleManipulation).</summary>
    public double Factor { get; init; } = 1;

    /// <summary>When it starts.</summary>
    [JsonRequired] public DateTimeOffset At { get; init; }

    /// <summary>How long it lasts, seconds.</summary>
    public long DurationSeconds { get; init; } = 300;

    /// <summary>Fraction of accounts (withdrawalRun).</summary>
    public double Fraction { get; init; } = 0.3;

    /// <summary>Share of open interest (concentratedPosition).</summary>
    public double Share { get; init; } = 0.3;

    /// <summary>"long" or "short" (concentratedPosition).</summary>
    public string Side { get; init; } = "long";

    /// <summary>Number of messages (unauthorizedCalls).</summary>
    public int Count { get; init; } = 10;

    /// <summary>The known types.</summary>
    public static readonly string[] Types = ["oracleManipulation", "sourceOutage", "withdrawalRun", "concentratedPosition", "unauthorizedCalls", "flashLoan"];
}
