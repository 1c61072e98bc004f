using System.Text.Json.Nodes;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;

namespace Breakwater.Watch;

/// <summary>
/// A watcher's finding published to other protocols as a signed JSON threat signal. It is a Forta finding exactly as
/// the Forta SDK reads it (<c>Finding.fromObject</c> of the npm <c>forta-agent</c> package, checked in a test): <c>name</c>,
/// <c>description</c>, <c>alertId</c>, <c>protocol</c> ("breakwater"), <c>severity</c> and <c>type</c> as the numbers of
/// Forta's FindingSeverity (Unknown 0, Info 1 … Critical 5) and FindingType (Suspicious 2, Degraded 3, Info 4) enums,
/// <c>metadata</c> (a string map), <c>addresses</c>, <c>labels</c> (the publishing watcher's address, entity type ADDRESS),
/// <c>uniqueKey</c> (the finding's dedup key), <c>source</c> (CAIP-2 <c>chainId</c>, the block and event the evidence came
/// from); plus <c>sequence</c>, <c>expiry</c>, <c>market</c>, <c>level</c>, the <c>signer</c> and an EIP-712
/// <c>signature</c> over <see cref="MessageTypes.ThreatSignal"/> under <see cref="ThreatSignalMessage.DomainFor"/> the receiving
/// protocol's domain (named in <c>receiver</c>), so one signal is good at one protocol only.
/// </summary>
public static class ThreatSignal
{
    /// <summary>Forta's FindingSeverity number of a severity: Info 1 … Critical 5 (0 is Forta's Unknown).</summary>
    public static int FortaSeverity(Severity s) => (int)s + 1;

    /// <summary>Forta's FindingType number: Suspicious (2) for high and critical findings, Degraded (3) for an outage, else Info (4).</summary>
    public static int FortaType(Finding f) => f.Type == "oracle-stale" ? 3 : f.Severity >= Severity.High ? 2 : 4;

    /// <summary>Builds and signs a signal for a finding.</summary>
    /// <param name="f">The finding.</param>
    /// <param name="key">The publishing watcher's key.</param>
    /// <param name="chainId">CAIP-2 chain id where the evidence was observed, e.g. "eip155:31337".</param>
    /// <param name="sequence">Publisher's sequence number.</param>
    /// <param name="expiry">Unix seconds.</param>
    /// <param name="block">Height of the evidence.</param>
    /// <param name="eventHash">Hash of the evidence event (hex), or "".</param>
    /// <param name="receiver">The governance domain of the protocol the signal is for (its <c>/v1/governance</c>).</param>
    public static JsonObject Sign(Finding f, KeyFile key, string chainId, long sequence, long expiry, long block, string eventHash, GovernanceDomain receiver)
    {
        var alertId = "BREAKWATER-" + f.Type.ToUpperInvariant();
        var level = Math.Clamp(f.Level, 1, 3);
        var message = new ThreatSignalMessage(alertId, f.Market, level, (int)f.Severity, sequence, expiry, chainId);
        var eip = new Eip712(EthereumVerifier.Instance);
        var signature = Secp256k1.Sign(eip.SigningHash(ThreatSignalMessage.DomainFor(receiver), message.StructHash(eip)), key.PrivateKey);
        return new JsonObject
        {
            ["name"] = f.Type.Replace('-', ' '),
            ["alertId"] = alertId,
            ["description"] = $"{f.Detector}: {f.Value:G6} crossed {f.Threshold:G6} on market {f.Market}",
            ["protocol"] = "breakwater",
            ["severity"] = FortaSeverity(f.Severity),
            ["type"] = FortaType(f),
            ["metadata"] = new JsonObject { ["market"] = f.Market.ToString(), ["level"] = level.ToString(), ["value"] = f.Value.ToString("G9"), ["threshold"] = f.Threshold.ToString("G9"), ["dedupKey"] = f.DedupKey },
            ["addresses"] = new JsonArray(key.Address.Hex),
            ["labels"] = new JsonArray(new JsonObject { ["entityType"] = "ADDRESS", ["entity"] = key.Address.Hex, ["label"] = "breakwater-watcher", ["confidence"] = 1.0 }),
            ["uniqueKey"] = f.DedupKey,
            ["source"] = new JsonObject { ["chainId"] = chainId, ["block"] = new JsonObject { ["number"] = block }, ["transactionHash"] = eventHash },
            ["chainId"] = chainId, ["sequence"] = sequence, ["expiry"] = expiry, ["market"] = f.Market, ["level"] = level,
            ["receiver"] = new JsonObject { ["chainId"] = receiver.ChainId, ["verifyingContract"] = receiver.VerifyingContract.Hex },
            ["signer"] = key.Address.Hex, ["signature"] = Hex.Format(signature),
        };
    }
}
