using System.Reflection;
using System.Text.Json;

namespace Breakwater.Chain;

/// <summary>A compiled contract: its ABI (JSON array) and creation bytecode (0x-hex).</summary>
public sealed record ContractArtifact(string Name, string Abi, string Bytecode);

/// <summary>
/// The contracts under <c>contracts/src</c>, compiled at build time by solc-js (npm, pinned by contracts/package-lock.json)
/// and embedded: <c>BreakwaterGuard</c>, <c>DemoPerpMarket</c> and OpenZeppelin's <c>TimelockController</c>.
/// </summary>
public static class ContractArtifacts
{
    private static readonly Lazy<Dictionary<string, ContractArtifact>> All = new(Load);

    /// <summary>The guard.</summary>
    public static ContractArtifact Guard => All.Value["BreakwaterGuard"];

    /// <summary>The demo perp market that consults the guard.</summary>
    public static ContractArtifact Market => All.Value["DemoPerpMarket"];

    /// <summary>OpenZeppelin 5's TimelockController, the DAO's only way to the guard's admin functions.</summary>
    public static ContractArtifact Timelock => All.Value["TimelockController"];

    private static Dictionary<string, ContractArtifact> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("contracts.json")
            ?? throw new InvalidOperationException("contracts.json is not embedded: build with npm and node on PATH (contracts/build.mjs)");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name,
            p => new ContractArtifact(p.Name, p.Value.GetProperty("abi").GetRawText(), p.Value.GetProperty("bytecode").GetString()!));
    }
}
