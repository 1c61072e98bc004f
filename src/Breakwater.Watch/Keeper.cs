using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Crypto;
using Breakwater.Protocol.Access;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Watch;

/// <summary>
/// A liquidation keeper for a running node. It follows the event stream and, on every price or status change (and at
/// least every interval), makes a pass: it reads each market's keeper view
/// (<c>GET /v1/markets/{id}/liquidatable</c>) and liquidates every listed account at the market's fill bound, taking the
/// position into its own account — unsigned in open mode, as a signed <c>Liquidation</c> in signed mode. A market whose
/// liquidations are blocked (an unconfirmed price, a halt, a pause) is skipped and the reason reported once per change,
/// so the keeper never presses the node on a price the protocol graded bad.
/// </summary>
public sealed class Keeper
{
    private readonly HttpClient _http;
    private readonly TextWriter _log;
    private readonly long? _account;
    private readonly KeyFile? _key;
    private readonly Dictionary<int, string?> _blocked = new();
    private GovernanceDomain? _domain;
    private long _nonce = -1;

    /// <param name="http">Client whose base address is the node.</param>
    /// <param name="log">Where each action and refusal is written, one line each.</param>
    /// <param name="account">Open mode: the liquidator's account id.</param>
    /// <param name="key">Signed mode: the liquidator's key (its address owns the liquidator account).</param>
    public Keeper(HttpClient http, TextWriter log, long? account, KeyFile? key)
    {
        _http = http;
        _log = log;
        _account = account;
        _key = key;
    }

    /// <summary>Liquidations accepted so far.</summary>
    public int Liquidated { get; private set; }

    /// <summary>Liquidations the node refused so far (another keeper was faster, the price moved, …).</summary>
    public int Refused { get; private set; }

    /// <summary>Liquidations submitted so far (accepted + refused).</summary>
    public int Attempts => Liquidated + Refused;

    /// <summary>Markets whose liquidations were blocked at the last pass.</summary>
    public int BlockedMarkets => _blocked.Count(kv => kv.Value is not null);

    /// <summary>Passes completed.</summary>
    public long Passes { get; private set; }

    /// <summary>Prometheus text: attempts, liquidations, refusals, blocked markets, passes.</summary>
    public string RenderMetrics()
    {
        var sb = new System.Text.StringBuilder();
        void Metric(string name, string type, string help, long value)
            => sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
                 .Append(name).Append(' ').Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        Metric("breakwater_keeper_attempts_total", "counter", "Liquidations submitted.", Attempts);
        Metric("breakwater_keeper_liquidations_total", "counter", "Liquidations the node accepted.", Liquidated);
        Metric("breakwater_keeper_refused_total", "counter", "Liquidations the node refused.", Refused);
        Metric("breakwater_keeper_blocked_markets", "gauge", "Markets whose liquidations the protocol blocks now (unconfirmed price, halt, pause).", BlockedMarkets);
        Metric("breakwater_keeper_passes_total", "counter", "Passes over every market.", Passes);
        return sb.ToString();
    }

    /// <summary>Reads the node's mode; checks that the keeper holds what that mode needs.</summary>
    /// <exception cref="InvalidOperationException">open mode without an account, or signed mode without a key.</exception>
    public async Task StartAsync(CancellationToken ct)
    {
        var access = await GetAsync("/v1/access", ct);
        var open = access.TryGetProperty("open", out var o) && o.GetBoolean();
        if (open && _account is null) throw new InvalidOperationException("the node runs in open mode: give the liquidator's account (--account)");
        if (!open)
        {
            if (_key is null) throw new InvalidOperationException("the node runs in signed mode: give the liquidator's key file (--key)");
            _domain = GovernanceFile.ReadDomain(access.GetProperty("domain"));
            _nonce = (await GetAsync($"/v1/addresses/{_key.Address.Hex}", ct)).GetProperty("nextNonce").GetInt64();
        }
    }

    /// <summary>
    /// Follows the node's event stream and makes a pass whenever a price, a status, a pause or a level changes (at most one
    /// pass per batch of events), and at least every <paramref name="interval"/> when the stream is quiet or lost.
    /// </summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken ct)
    {
        var wake = new SemaphoreSlim(0);
        var from = (await GetAsync("/v1/state", ct)).GetProperty("lastEventSeq").GetInt64() + 1;
        var follower = Task.Run(() => FollowAsync(from, wake, ct), ct);
        while (!ct.IsCancellationRequested)
        {
            await PassAsync(ct);
            await wake.WaitAsync(interval, ct);
            while (wake.CurrentCount > 0) await wake.WaitAsync(ct); // one pass answers every change seen meanwhile
        }
        await Task.WhenAny(follower);
    }

    private static readonly string[] Wakers = ["OracleUpdated", "PriceConfirmed", "MarketStatusChanged", "PauseFlagsChanged", "LadderLevelChanged", "TradeSettled"];

    private async Task FollowAsync(long from, SemaphoreSlim wake, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var response = await _http.GetAsync($"/v1/events?from={from}", HttpCompletionOption.ResponseHeadersRead, ct);
                await using var stream = await response.Content.ReadAsStreamAsync(ct);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct))
                {
                    if (long.TryParse(item.EventId, out var seq)) from = seq + 1;
                    if (Wakers.Contains(item.EventType) && wake.CurrentCount == 0) wake.Release();
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException) { }
            catch (OperationCanceledException) { return; }
            // The stream was lost: the interval keeps the keeper going while it reconnects.
            try { await Task.Delay(1_000, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One pass over every market; returns the number of liquidations the node accepted in it.</summary>
    public async Task<int> PassAsync(CancellationToken ct)
    {
        var done = 0;
        var markets = await GetAsync("/v1/markets", ct);
        foreach (var market in markets.EnumerateArray().Select(m => m.GetProperty("id").GetInt32()).Order())
        {
            var view = await GetAsync($"/v1/markets/{market}/liquidatable", ct);
            var blocked = view.GetProperty("blockedBy").ValueKind == JsonValueKind.String ? view.GetProperty("blockedDetail").GetString() : null;
            if (_blocked.GetValueOrDefault(market) != blocked)
            {
                _blocked[market] = blocked;
                await _log.WriteLineAsync(blocked is null ? $"market {market}: liquidations may run" : $"market {market}: waiting — {blocked}");
            }
            if (blocked is not null) continue;
            foreach (var a in view.GetProperty("accounts").EnumerateArray())
            {
                var id = a.GetProperty("account").GetInt64();
                if (id == _account) continue;
                var closingLong = a.GetProperty("size").GetDecimal() > 0;
                var fill = view.GetProperty(closingLong ? "fillBoundLong" : "fillBoundShort").GetRawText();
                var response = await _http.PostAsync("/v1/tx", JsonContent.Create(Body(id, market, fill)), ct);
                var answer = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    done++;
                    Liquidated++;
                    if (_domain is not null) _nonce++;
                    await _log.WriteLineAsync($"market {market}: liquidated account {id} at {fill}");
                }
                else
                {
                    Refused++;
                    await _log.WriteLineAsync($"market {market}: account {id} refused ({(int)response.StatusCode}) {answer}");
                    if (_domain is not null && _key is not null)
                        _nonce = (await GetAsync($"/v1/addresses/{_key.Address.Hex}", ct)).GetProperty("nextNonce").GetInt64();
                }
            }
        }
        Passes++;
        return done;
    }

    private JsonObject Body(long account, int market, string fill)
    {
        if (_domain is null)
            return new JsonObject { ["type"] = "liquidate", ["account"] = account, ["market"] = market, ["liquidator"] = _account, ["fillPrice"] = JsonNode.Parse(fill) };
        if (!FixedFormat.TryParse(fill, 8, out var units, out var error)) throw new FormatException($"fill bound '{fill}': {error}");
        // Outside the core the wall clock is fine: the core only compares an expiry with its own time.
        var m = new LiquidationMessage(_key!.Address, account, market, units, _nonce, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300);
        return UserTypedData.Request("liquidate", _domain, m, _key);
    }

    private async Task<JsonElement> GetAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
