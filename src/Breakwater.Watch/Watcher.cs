using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Breakwater.Watch.Detectors;

namespace Breakwater.Watch;

/// <summary>
/// One watcher: follows the node's event stream from where it left off (no gaps, no duplicates across
/// reconnects), runs its detectors, and for each new incident at or above its severity submits one EIP-712-signed
/// attestation. An attested incident is suppressed for a while: no alert storms.
/// </summary>
public sealed class Watcher(WatcherOptions options, KeyFile key, TextWriter log)
{
    private readonly List<IDetector> _detectors = options.Detectors.Create();
    private readonly UnauthorizedAccessDetector _unauthorized = new();
    private readonly Dictionary<string, long> _suppressed = new();
    private long _nextSeq = 1;
    private long _lastTime;
    private GovernanceDomain? _domain;

    /// <summary>Findings so far.</summary>
    public List<Finding> Findings { get; } = [];

    /// <summary>Counters for <c>/metrics</c>.</summary>
    public WatcherMetrics Metrics { get; } = new();

    /// <summary>Attestations accepted by the node.</summary>
    public int Attested { get; private set; }

    /// <summary>Runs until cancelled, reconnecting after errors.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                _domain ??= await DomainAsync(http, options.Node, cancel);
                await FollowAsync(http, cancel);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException && !cancel.IsCancellationRequested)
            {
                Metrics.Connected(false);
                await log.WriteLineAsync($"stream interrupted at seq {_nextSeq}: {e.Message}; reconnecting");
                await Task.Delay(500, cancel);
            }
        }
    }

    private readonly Dictionary<string, GovernanceDomain> _peerDomains = new(StringComparer.Ordinal);

    private static async Task<GovernanceDomain> DomainAsync(HttpClient http, string node, CancellationToken cancel)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"{node}/v1/governance", cancel));
        var d = doc.RootElement.GetProperty("domain");
        return new GovernanceDomain(d.GetProperty("name").GetString()!, d.GetProperty("version").GetString()!, d.GetProperty("chainId").GetInt64(), Address.Parse(d.GetProperty("verifyingContract").GetString()!));
    }

    private async Task FollowAsync(HttpClient http, CancellationToken cancel)
    {
        using var response = await http.GetAsync($"{options.Node}/v1/events?from={_nextSeq}", HttpCompletionOption.ResponseHeadersRead, cancel);
        response.EnsureSuccessStatusCode();
        Metrics.Connected(true);
        await using var stream = await response.Content.ReadAsStreamAsync(cancel);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancel))
            await HandleAsync(http, item.EventType, item.Data, cancel);
    }

    private async Task HandleAsync(HttpClient http, string? kind, string json, CancellationToken cancel)
    {
        if (kind == "root") return; // the accounts root the node publishes: for users' proofs, not for detectors
        var found = new List<Finding>();
        if (kind == "rejected")
        {
            using var doc = JsonDocument.Parse(json);
            var f = _unauthorized.ObserveRejection(doc.RootElement.GetProperty("time").GetInt64(), doc.RootElement.GetProperty("reason").GetString()!);
            if (f is not null) found.Add(f);
        }
        else
        {
            var (seq, time, e) = EventJsonReader.Read(json);
            if (seq != _nextSeq) return; // a duplicate after a reconnect
            _nextSeq = seq + 1;
            _lastTime = time;
            Metrics.Event(seq, time);
            if (e is not null)
                foreach (var d in _detectors) found.AddRange(d.Observe(time, e));
            if (seq % ConservationEvery == 0 && await ConservationAsync(http, time, cancel) is { } broken) found.Add(broken);
        }
        foreach (var f in found)
        {
            Findings.Add(f);
            Metrics.Found(f.Detector);
            if (options.Webhook is not null && _notified.Add(f.Detector + "|" + f.DedupKey)) await NotifyAsync(http, f, cancel);
            // Protocol-wide findings (market −1) are attested too: at quorum they raise every market one bounded step.
            if (f.Severity < options.MinSeverity || f.Level == 0) continue;
            if (_suppressed.TryGetValue(f.DedupKey, out var until) && until > f.Time) continue;
            _suppressed[f.DedupKey] = f.Time + options.SuppressSeconds;
            await AttestAsync(http, f, cancel);
        }
    }

    private long _signals;
    private readonly HashSet<string> _notified = new(StringComparer.Ordinal);

    /// <summary>POSTs a finding to the webhook; a receiver that is down is logged, never fatal.</summary>
    private async Task NotifyAsync(HttpClient http, Finding f, CancellationToken cancel)
    {
        var body = JsonSerializer.Serialize(new
        {
            watcher = key.Address.Hex, node = options.Node, detector = f.Detector, type = f.Type, severity = f.Severity.ToString(),
            market = f.Market, time = f.Time, value = f.Value, threshold = f.Threshold, level = f.Level, dedupKey = f.DedupKey,
            attested = f.Severity >= options.MinSeverity && f.Level > 0,
        });
        try
        {
            using var r = await http.PostAsync(options.Webhook, new StringContent(body, Encoding.UTF8, "application/json"), cancel);
            if (!r.IsSuccessStatusCode) await log.WriteLineAsync($"webhook {options.Webhook}: {(int)r.StatusCode} for {f.Type}");
        }
        catch (HttpRequestException e)
        {
            await log.WriteLineAsync($"webhook {options.Webhook} unreachable: {e.Message}");
        }
    }

    private async Task PublishAsync(HttpClient http, Finding f, CancellationToken cancel)
    {
        if (options.PublishTo.Count == 0 && options.SignalsFile is null) return;
        var sequence = ++_signals;
        string For(GovernanceDomain receiver) => ThreatSignal.Sign(f, key, options.ChainId, sequence, _lastTime + 600, _nextSeq - 1, "", receiver).ToJsonString();
        // The file copy is addressed to the node this watcher follows; each peer gets its own copy, signed for its domain.
        if (options.SignalsFile is { } path && _domain is { } own) await File.AppendAllTextAsync(path, For(own) + "\n", cancel);
        foreach (var peer in options.PublishTo)
        {
            try
            {
                if (!_peerDomains.TryGetValue(peer, out var domain)) _peerDomains[peer] = domain = await DomainAsync(http, peer.TrimEnd('/'), cancel);
                var signal = For(domain);
                using var r = await http.PostAsync($"{peer.TrimEnd('/')}/v1/signals", new StringContent(signal, Encoding.UTF8, "application/json"), cancel);
                await log.WriteLineAsync($"threat signal {f.Type} → {peer}: {(int)r.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or FormatException)
            {
                await log.WriteLineAsync($"threat signal {f.Type} → {peer}: unreachable or not a Breakwater node with governance ({e.Message})");
            }
        }
    }

    /// <summary>Events between two checks of the conservation invariant against the node's published totals.</summary>
    public const long ConservationEvery = 1_000;

    private async Task<Finding?> ConservationAsync(HttpClient http, long time, CancellationToken cancel)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"{options.Node}/v1/state", cancel));
        var r = doc.RootElement;
        var finding = ConservationCheck.Check(time, r.GetProperty("claimsPlusFunds").GetDecimal(), r.GetProperty("totalDeposits").GetDecimal(),
            r.GetProperty("totalWithdrawals").GetDecimal(), r.GetProperty("socializedLoss").GetDecimal());
        if (finding is not null) await log.WriteLineAsync($"CONSERVATION BROKEN at {time}: gap {finding.Value}");
        return finding;
    }

    private async Task AttestAsync(HttpClient http, Finding f, CancellationToken cancel)
    {
        // Threat signals to peers name one market; a protocol-wide finding is this protocol's own matter.
        if (f.Market >= 0) await PublishAsync(http, f, cancel);
        var incident = options.Malicious ? $"false:{Guid.NewGuid()}" : f.Incident;
        var msg = new AttestationMessage(f.Market, options.Malicious ? 3 : f.Level, Keccak.Hash(Encoding.UTF8.GetBytes(incident)), options.ActionSeconds,
            Random.Shared.NextInt64(1, long.MaxValue), _lastTime + 600);
        var bundle = new SignedBundle { Role = Role.Watcher, TypedData = GovernanceTypedData.Of(_domain!, msg) };
        bundle.Sign(key);
        using var response = await http.PostAsync($"{options.Node}/v1/governance", new StringContent(bundle.ToJson(), Encoding.UTF8, "application/json"), cancel);
        var body = await response.Content.ReadAsStringAsync(cancel);
        if (response.IsSuccessStatusCode) Attested++;
        Metrics.Attestation(response.IsSuccessStatusCode);
        await log.WriteLineAsync($"{f.Detector} {f.Type} market {f.Market} value {f.Value:G4} > {f.Threshold:G4}: attested level {msg.Level} → {(int)response.StatusCode} {body}");
    }
}
