using System.Text.Json;
using Breakwater.Lab.Scenarios;

namespace Breakwater.Lab.Policies;

/// <summary>Resolves <c>--policy</c> values: a built-in name, or a JSON file <c>{"name": …, "base": "breakwater", "params": {…}}</c>.</summary>
public static class PolicyLoader
{
    private sealed record PolicyFile
    {
        public string? Name { get; init; }
        public string Base { get; init; } = "breakwater";
        public Dictionary<string, JsonElement> Params { get; init; } = [];
    }

    /// <summary>Loads one policy.</summary>
    /// <exception cref="ScenarioException">unknown name, unreadable file, unknown base or parameter.</exception>
    public static Policy Load(string nameOrPath)
    {
        if (Policy.BuiltIns.Contains(nameOrPath)) return new Policy(nameOrPath, nameOrPath, new Dictionary<string, JsonElement>());
        if (!File.Exists(nameOrPath))
            throw new ScenarioException($"'{nameOrPath}' is neither a built-in policy ({string.Join(", ", Policy.BuiltIns)}) nor a file");
        PolicyFile file;
        try
        {
            file = JsonSerializer.Deserialize<PolicyFile>(File.ReadAllText(nameOrPath), ScenarioLoader.Json) ?? throw new ScenarioException($"{nameOrPath}: empty policy");
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"{nameOrPath}: {e.Message}");
        }
        try
        {
            return new Policy(file.Name ?? Path.GetFileNameWithoutExtension(nameOrPath), file.Base, file.Params);
        }
        catch (ScenarioException e)
        {
            throw new ScenarioException($"{nameOrPath}: {e.Message}");
        }
    }
}
