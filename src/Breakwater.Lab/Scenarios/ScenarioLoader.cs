using System.Text.Json;

namespace Breakwater.Lab.Scenarios;

/// <summary>Finds scenarios (built-in by name, or a JSON file) and the data files they name.</summary>
public static class ScenarioLoader
{
    /// <summary>The scenario run when none is named.</summary>
    public const string DefaultScenario = "luna-2022";

    /// <summary>Environment variable naming the data folder.</summary>
    public const string DataEnvironmentVariable = "BREAKWATER_DATA";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Names of the built-in scenarios, sorted.</summary>
    public static IReadOnlyList<string> BuiltInNames() => typeof(ScenarioLoader).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("scenario.", StringComparison.Ordinal)).Select(n => n["scenario.".Length..^".json".Length]).Order(StringComparer.Ordinal).ToList();

    /// <summary>Loads a built-in scenario by name, or a scenario file by path.</summary>
    /// <exception cref="ScenarioException">unknown name, unreadable file, or invalid JSON (naming the key or position).</exception>
    public static Scenario Load(string nameOrPath)
    {
        using var builtIn = typeof(ScenarioLoader).Assembly.GetManifestResourceStream($"scenario.{nameOrPath}.json");
        if (builtIn is not null) return Parse(builtIn, $"built-in scenario {nameOrPath}", null);
        if (!File.Exists(nameOrPath))
            throw new ScenarioException($"'{nameOrPath}' is neither a built-in scenario ({string.Join(", ", BuiltInNames())}) nor a file");
        using var f = File.OpenRead(nameOrPath);
        return Parse(f, nameOrPath, Path.GetDirectoryName(Path.GetFullPath(nameOrPath)));
    }

    private static Scenario Parse(Stream s, string where, string? baseDir)
    {
        Scenario scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(s, Json) ?? throw new ScenarioException($"{where}: empty scenario");
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"{where}: {e.Message}");
        }
        scenario = scenario with { BaseDirectory = baseDir };
        Validate(scenario, where);
        return scenario;
    }

    private static void Validate(Scenario s, string where)
    {
        if (string.IsNullOrWhiteSpace(s.Name)) throw new ScenarioException($"{where}: 'name' is empty");
        if (s.End <= s.Start) throw new ScenarioException($"{where}: 'end' must be after 'start'");
        if (s.Markets.Count == 0) throw new ScenarioException($"{where}: no markets");
        foreach (var m in s.Markets)
        {
            if (m.Sources.Count == 0) throw new ScenarioException($"{where}: market {m.Symbol} has no sources");
            foreach (var src in m.Sources)
            {
                if (src.ResampleSeconds is <= 0) throw new ScenarioException($"{where}: market {m.Symbol}, source {src.File}: resampleSeconds must be positive");
                if (src.Feed?.Validate() is { } why) throw new ScenarioException($"{where}: market {m.Symbol}, source {src.File}: {why}");
            }
            m.ResolveParams(new Protocol.Markets.MarketParams(), where);
        }
        foreach (var i in s.Injections)
        {
            if (!Injection.Types.Contains(i.Type)) throw new ScenarioException($"{where}: unknown injection type '{i.Type}' (known: {string.Join(", ", Injection.Types)})");
            if (i.Market is not null && s.Markets.All(m => m.Symbol != i.Market)) throw new ScenarioException($"{where}: injection names unknown market '{i.Market}'");
        }
        if (s.Settlement is { } fs)
        {
            if (fs.Market is not null && s.Markets.All(m => m.Symbol != fs.Market)) throw new ScenarioException($"{where}: settlement names unknown market '{fs.Market}'");
            if (fs.PriceUsd is { } px && !(px > 0 && px <= 1e10)) throw new ScenarioException($"{where}: settlement priceUsd must be in (0, 1e10]");
            if (fs.ProposedAt < s.Start || fs.ProposedAt > s.End) throw new ScenarioException($"{where}: settlement proposedAt must lie in the window");
        }
        if (s.InsuranceFundUsd < 0 || !double.IsFinite(s.InsuranceFundUsd)) throw new ScenarioException($"{where}: insuranceFundUsd must be ≥ 0");
        s.Population.Validate(where);
    }

    /// <summary>
    /// Finds a data file: absolute; next to the scenario file; in <paramref name="dataDir"/>; in $BREAKWATER_DATA;
    /// in shared/data beside the repository (searched upward from the working and program folders).
    /// </summary>
    /// <exception cref="ScenarioException">not found anywhere; the message lists where it looked and how to get it.</exception>
    public static string ResolveData(Scenario scenario, string file, string? dataDir)
    {
        var tried = new List<string>();
        if (Path.IsPathRooted(file)) tried.Add(file);
        if (scenario.BaseDirectory is not null) tried.Add(Path.Combine(scenario.BaseDirectory, file));
        if (dataDir is not null) tried.Add(Path.Combine(dataDir, file));
        if (Environment.GetEnvironmentVariable(DataEnvironmentVariable) is { Length: > 0 } env) tried.Add(Path.Combine(env, file));
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                tried.Add(Path.Combine(d.FullName, "..", "shared", "data", file));
        foreach (var t in tried.Distinct())
            if (File.Exists(t)) return Path.GetFullPath(t);
        throw new ScenarioException(
            $"data file '{file}' for scenario {scenario.Name} was not found. Looked in: --data DIR, ${DataEnvironmentVariable}, and ../shared/data beside the repository. " +
            "Point --data or BREAKWATER_DATA at the folder that holds it; Binance kline files can be downloaded with `breakwater data fetch binance SYMBOL --from DATE --to DATE`.");
    }
}
