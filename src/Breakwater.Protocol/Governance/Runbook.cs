using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;

namespace Breakwater.Protocol.Governance;

/// <summary>
/// A prepared containment step: one security-council pause (or veto) whose message can be built and signed before the
/// incident it answers, with the human text an operator needs in the minute it is used.
/// </summary>
/// <param name="Name">Short name, used in file names (<c>breakwater runbook prepare</c>) and by the dashboard.</param>
/// <param name="Title">One line.</param>
/// <param name="ProtocolWide">True for a protocol-wide pause (market −1); false for one market.</param>
/// <param name="Flags">The pause flags it switches on (none for a veto).</param>
/// <param name="Triggers">The incident triggers it answers (the dashboard links it from an incident with one of these).</param>
/// <param name="When">When to use it.</param>
/// <param name="What">What it does, and what it leaves working.</param>
/// <param name="Lapses">How it ends.</param>
public sealed record Runbook(string Name, string Title, bool ProtocolWide, PauseFlags Flags, IReadOnlyList<IncidentTrigger> Triggers,
    string When, string What, string Lapses)
{
    /// <summary>The veto runbook's name: one is prepared per queued operation.</summary>
    public const string VetoName = "veto";

    private const string PauseLapse = "Lapses by rule after its duration (default 1 h; never past the governance maximum pause, 48 h by "
        + "default, counted from the start of a run of pauses). Only the DAO can lift it early or extend it (timelocked).";

    /// <summary>The standard responses, in order of severity.</summary>
    public static readonly IReadOnlyList<Runbook> Standard =
    [
        new("pause-opening", "Stop new risk in one market", false, PauseFlags.Open,
            [IncidentTrigger.VolatilityElevated, IncidentTrigger.OracleDiverging, IncidentTrigger.LiquidationSpike],
            "The market is under stress but its price is trusted: volatility far above normal, sources starting to part, or a liquidation cascade.",
            "Refuses trades that open or increase a position. Reducing, liquidations, deposits and withdrawals go on, so bad debt does not pile up behind the pause.",
            PauseLapse),
        new("reduce-only", "Everything but reducing, in one market", false, PauseFlags.Open | PauseFlags.Liquidate | PauseFlags.Withdraw | PauseFlags.ParameterUpdate,
            [IncidentTrigger.OracleTooVolatile, IncidentTrigger.OracleInsufficientSources, IncidentTrigger.OracleStale, IncidentTrigger.PriceBandLimit],
            "The market's price cannot be trusted (a source pushed or silent, sources that disagree) or is moving faster than keepers can follow.",
            "Refuses opening, liquidations, withdrawals by accounts holding this market, and parameter changes. Traders can still close or reduce.",
            PauseLapse),
        new("halt", "Stop one market entirely", false, PauseFlags.All,
            [IncidentTrigger.PriceBandBreachHeld, IncidentTrigger.MarketWideDecline],
            "An exploit runs through this market itself (its oracle, its matching or its liquidations), so even reducing can be used against the protocol.",
            "Refuses every operation in the market, reducing included: traders are trapped until it lapses, so keep it short and say why.",
            PauseLapse),
        new("protocol-pause", "Pause the whole protocol", true, PauseFlags.All,
            [IncidentTrigger.InsuranceFundDrain],
            "The protocol as a whole is being drained: the insurance fund falls faster than liquidations explain, conservation breaks, or a key is compromised.",
            "Refuses every operation in every market, deposits and withdrawals included.",
            PauseLapse),
        new(VetoName, "Veto a queued DAO operation", false, PauseFlags.None, [IncidentTrigger.ExternalRequest],
            "A queued operation (parameter change, unpause, role change, settlement) is malicious or made unsafe by the incident.",
            "Removes the operation from the timelock queue before it can be executed. The council cannot veto its own replacement.",
            "Final: the DAO must queue the operation again, and wait the timelock again."),
    ];

    /// <summary>The standard runbook that answers <paramref name="trigger"/>, or null.</summary>
    public static Runbook? For(IncidentTrigger trigger) => Standard.FirstOrDefault(r => r.Triggers.Contains(trigger));

    /// <summary>The file name of this runbook prepared for <paramref name="market"/> (ignored when protocol-wide) or an operation id (veto).</summary>
    public string FileName(int market, string? operationHex = null)
        => Name == VetoName ? $"{Name}-{(operationHex ?? "")[..Math.Min(operationHex?.Length ?? 0, 10)]}.json" : ProtocolWide ? $"{Name}.json" : $"{Name}-market-{market}.json";
}
