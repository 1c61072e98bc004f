using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Every detector's thresholds in one place: the <c>"detectors"</c> object of <c>watch --config</c> and
/// <c>detect-eval --config</c>, e.g. <c>{"detectors": {"volatility": {"zThreshold": 8}, "oracleDivergence": {"band": 0.05}}}</c>.
/// Names are the detectors' properties in camelCase; anything left out keeps its default (each default and its reason is
/// in the detector's documentation and the README's threshold table). Unknown names are refused.
/// </summary>
public sealed record DetectorConfig
{
    /// <summary>Realized-volatility spikes.</summary>
    public VolatilitySpikeDetector Volatility { get; init; } = new();
    /// <summary>Oracle source divergence.</summary>
    public OracleDivergenceDetector OracleDivergence { get; init; } = new();
    /// <summary>Oracle outages.</summary>
    public OracleStalenessDetector OracleStaleness { get; init; } = new();
    /// <summary>Liquidation cascades.</summary>
    public LiquidationCascadeDetector LiquidationCascade { get; init; } = new();
    /// <summary>Insurance fund drain.</summary>
    public InsuranceDrainDetector InsuranceDrain { get; init; } = new();
    /// <summary>Withdrawal runs.</summary>
    public TvlOutflowDetector TvlOutflow { get; init; } = new();
    /// <summary>Position concentration.</summary>
    public ConcentrationDetector Concentration { get; init; } = new();
    /// <summary>Flash-loan round trips.</summary>
    public FlashLoanDetector FlashLoan { get; init; } = new();

    /// <summary>JSON options: camelCase, unknown members refused.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        IgnoreReadOnlyProperties = true, WriteIndented = true,
    };

    /// <summary>
    /// The main threshold of each detector, the one <c>detect-eval --sweep</c> varies: (config section, property, values
    /// tried). The values bracket the default.
    /// </summary>
    public static readonly IReadOnlyList<(string Detector, string Section, string Property, double[] Values)> MainThresholds =
    [
        ("volatility", "volatility", "zThreshold", [3, 4, 5, 6, 8, 10, 14]),
        ("oracle-divergence", "oracleDivergence", "band", [0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12]),
        ("oracle-staleness", "oracleStaleness", "sourceGapSeconds", [120, 300, 600, 900, 1800, 3600]),
        ("liquidation-cascade", "liquidationCascade", "fraction", [0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3]),
        ("insurance-drain", "insuranceDrain", "fraction", [0.02, 0.05, 0.1, 0.2, 0.3]),
        ("tvl-outflow", "tvlOutflow", "slowFraction", [0.02, 0.04, 0.06, 0.08, 0.1, 0.15]),
        ("concentration", "concentration", "share", [0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3]),
        ("flash-loan", "flashLoan", "windowSeconds", [0, 12, 60, 300, 3600]),
    ];

    /// <summary>A fresh set of detectors with these settings (detectors keep state: one set per stream).</summary>
    public List<IDetector> Create() =>
    [
        Copy(Volatility), Copy(OracleDivergence), Copy(OracleStaleness), Copy(LiquidationCascade), Copy(InsuranceDrain), Copy(TvlOutflow), Copy(Concentration), Copy(FlashLoan),
    ];

    private static T Copy<T>(T template) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(template, Json), Json)!;

    /// <summary>Reads the settings from a <c>"detectors"</c> JSON object (null = defaults).</summary>
    /// <exception cref="JsonException">unknown detector or property, or a wrong type (named).</exception>
    public static DetectorConfig Parse(JsonNode? detectors) => detectors is null ? new DetectorConfig() : detectors.Deserialize<DetectorConfig>(Json) ?? new DetectorConfig();

    /// <summary>This config with one threshold set: <paramref name="section"/>.<paramref name="property"/> = <paramref name="value"/>.</summary>
    public DetectorConfig With(string section, string property, double value)
    {
        var node = JsonSerializer.SerializeToNode(this, Json)!.AsObject();
        var s = node[section]!.AsObject();
        s[property] = s[property] is JsonValue v && v.TryGetValue<long>(out _) && value == Math.Floor(value) ? JsonValue.Create((long)value) : JsonValue.Create(value);
        return Parse(node);
    }

    /// <summary>The current value of a threshold.</summary>
    public double Get(string section, string property) => JsonSerializer.SerializeToNode(this, Json)![section]![property]!.GetValue<double>();
}
