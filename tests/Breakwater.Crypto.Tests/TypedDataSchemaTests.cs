using Breakwater.Protocol.Access;
using Breakwater.Protocol.Governance;

namespace Breakwater.Crypto.Tests;

/// <summary>The typed-data JSON's schemas are the core's EIP-712 type strings, all of them (ThreatSignal was missing once).</summary>
public class TypedDataSchemaTests
{
    [Fact]
    public void EveryPrimaryType_RebuildsTheCoresTypeString()
    {
        string[] expected =
        [
            MessageTypes.Attestation, MessageTypes.Pause, MessageTypes.Veto, MessageTypes.Cancel, MessageTypes.Proposal, MessageTypes.ThreatSignal,
            UserMessageTypes.Deposit, UserMessageTypes.Withdraw, UserMessageTypes.Order, UserMessageTypes.OracleReport, UserMessageTypes.Liquidation,
            NodeCheckpoint.Type,
        ];
        var domain = new GovernanceDomain("Breakwater", "1", 1, Address.Parse("0x0000000000000000000000000000000000000001"));
        var rebuilt = GovernanceTypedData.PrimaryTypes.Select(p =>
        {
            var fields = GovernanceTypedData.Build(domain, p, new System.Text.Json.Nodes.JsonObject())["types"]![p]!.AsArray();
            return $"{p}({string.Join(",", fields.Select(f => $"{f!["type"]} {f["name"]}"))})";
        });
        Assert.Equal(expected.Order(StringComparer.Ordinal), rebuilt.Order(StringComparer.Ordinal));
    }
}
