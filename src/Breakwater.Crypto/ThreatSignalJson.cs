using System.Text.Json;
using Breakwater.Protocol.Governance;

namespace Breakwater.Crypto;

/// <summary>
/// Reads a signed threat signal (the Forta-compatible JSON a watcher publishes, written by the watch package's
/// <c>ThreatSignal.Sign</c>): the EIP-712 <see cref="ThreatSignalMessage"/> it carries and its signature. The node reads
/// peers' signals with it; checking the signature is the engine's.
/// </summary>
public static class ThreatSignalJson
{
    private static readonly string[] FortaSeverityNames = ["Info", "Low", "Medium", "High", "Critical"];

    /// <summary>The signed message and signature of a signal JSON.</summary>
    /// <exception cref="FormatException">a missing or malformed field, named.</exception>
    public static (ThreatSignalMessage Message, byte[] Signature) Read(JsonElement j)
    {
        try
        {
            // Forta's FindingSeverity: a number (Info 1 … Critical 5), or its name.
            var s = j.GetProperty("severity");
            var severity = s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n) ? n - 1 : Array.IndexOf(FortaSeverityNames, s.ValueKind == JsonValueKind.String ? s.GetString() : null);
            if (severity is < 0 or > 4) throw new FormatException($"severity {s.GetRawText()} is not one of Forta's Info (1), Low (2), Medium (3), High (4), Critical (5)");
            return (new ThreatSignalMessage(j.GetProperty("alertId").GetString()!, j.GetProperty("market").GetInt32(), j.GetProperty("level").GetInt32(), severity,
                j.GetProperty("sequence").GetInt64(), j.GetProperty("expiry").GetInt64(), j.GetProperty("chainId").GetString()!), Hex.Parse(j.GetProperty("signature").GetString()!, "signature"));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a threat signal: {e.Message}");
        }
    }
}
