using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;

namespace Breakwater.Server;

/// <summary>The HTTP API. Bad input is a 400 with a reason; unknown routes 404; never a 500 for bad input.</summary>
public static class Api
{
    /// <summary>Maps every route.</summary>
    public static void Map(WebApplication app, Node node)
    {
        var guard = RequestGuard.For(node.Options);
        app.Use(async (ctx, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            if (guard.Check(ctx.Request) is { } refusal)
            {
                ctx.Response.StatusCode = refusal.Status;
                await ctx.Response.WriteAsJsonAsync(new { error = refusal.Error });
            }
            else await next();
            node.Metrics.Request(Stopwatch.GetElapsedTime(start));
        });

        // Read models are serialized inside the lock: a lazy enumerable must not be walked while the sequencer writes.
        IResult Locked<T>(Func<T> view)
        {
            lock (node.Sync) return Results.Content(JsonSerializer.Serialize(view(), JsonFormat.Options), "application/json");
        }

        app.MapGet("/v1/state", () => Locked(() => Views.State(node)))
            .WithName("getState").Produces<StateView>().Produces<ApiError>(StatusCodes.Status421MisdirectedRequest)
            .WithSummary("Height, time, log head and state hashes, funds, protocol level, pending timelock operations.");
        app.MapGet("/v1/markets", () => Locked(() => node.Engine.State.Markets.Values.Select(m => Views.Market(m, node.Engine.State.Time)).ToList()))
            .WithName("listMarkets").Produces<List<MarketView>>().Produces<ApiError>(StatusCodes.Status421MisdirectedRequest)
            .WithSummary("Every market: prices, band, status, ladder level, oracle grade, open interest, margin multiplier.");
        app.MapGet("/v1/markets/{id:int}", (int id) =>
        {
            lock (node.Sync)
                return node.Engine.State.Markets.TryGetValue(id, out var m) ? Locked(() => Views.Market(m, node.Engine.State.Time)) : Results.NotFound(new ApiError($"market {id} does not exist"));
        }).WithName("getMarket").Produces<MarketView>().Produces<ApiError>(StatusCodes.Status404NotFound).WithSummary("One market.");
        app.MapGet("/v1/markets/{id:int}/proof", (int id) =>
        {
            lock (node.Sync)
                return node.Engine.State.Markets.TryGetValue(id, out var m) ? Locked(() => Views.MarketProof(node, m)) : Results.NotFound(new ApiError($"market {id} does not exist"));
        }).WithName("getMarketProof").Produces<MarketProofView>().Produces<ApiError>(StatusCodes.Status404NotFound)
            .WithSummary("The market's canonical bytes (parameters, prices, grades, guards) and its 64 sibling hashes in the same Merkle tree as the accounts: check them against the root the event stream publishes, without trusting this node.");
        app.MapGet("/v1/markets/{id:int}/liquidatable", (int id) =>
        {
            lock (node.Sync)
                return node.Engine.State.Markets.ContainsKey(id) ? Locked(() => Views.Liquidatable(node.Engine, id)) : Results.NotFound(new ApiError($"market {id} does not exist"));
        }).WithName("listLiquidatable").Produces<LiquidatableView>().Produces<ApiError>(StatusCodes.Status404NotFound)
            .WithSummary("Accounts below maintenance margin in one market, the mark and fill bounds a liquidation must meet, and why liquidations are blocked if they are (for keepers).");
        app.MapGet("/v1/status", () => Locked(() => Views.Status(node.Engine)))
            .WithName("getStatus").Produces<StatusView>().Produces<ApiError>(StatusCodes.Status421MisdirectedRequest)
            .WithSummary("For users and front ends: per market what is allowed now (open, reduce, liquidate, withdraw), and what is paused or restricted, why and until when.");
        app.MapGet("/v1/runbooks", () => Results.Json(Runbook.Standard.Select(r => new RunbookView(r.Name, r.Title, r.ProtocolWide, r.Flags.ToString(),
                [.. r.Triggers.Select(t => t.ToString())], r.When, r.What, r.Lapses)).ToList(), JsonFormat.Options))
            .WithName("listRunbooks").Produces<List<RunbookView>>().Produces<ApiError>(StatusCodes.Status421MisdirectedRequest)
            .WithSummary("The standard containment runbooks (prepare, sign and submit them with `breakwater runbook`), with the incident triggers each answers.");
        app.MapGet("/v1/accounts/{id:long}/proof", (long id) => Locked(() => Views.Proof(node, id)))
            .WithName("getAccountProof").Produces<AccountProofView>().Produces<ApiError>(StatusCodes.Status421MisdirectedRequest)
            .WithSummary("The account's canonical bytes and its 64 sibling hashes in the sparse Merkle tree over every account: check them against the accounts root the event stream publishes (event `root`), without trusting this node.");
        app.MapGet("/v1/accounts/{id:long}", (long id) =>
        {
            lock (node.Sync)
                return node.Engine.State.Accounts.ContainsKey(id) ? Locked(() => Views.Account(node.Engine, id)) : Results.NotFound(new ApiError($"account {id} does not exist"));
        }).WithName("getAccount").Produces<AccountView>().Produces<ApiError>(StatusCodes.Status404NotFound).WithSummary("One account: collateral, equity, margins, positions, owner.");
        app.MapGet("/v1/incidents", () => Locked(() => node.Incidents.All))
            .WithName("listIncidents").Produces<List<IncidentView>>().Produces<ApiError>(StatusCodes.Status421MisdirectedRequest)
            .WithSummary("Incidents with trigger, evidence, levels, attestations, expiry and the events they produced.");
        app.MapGet("/v1/events/{seq:long}", (long seq) =>
        {
            var e = node.Events.Get(seq);
            if (e is null) return Results.NotFound(new ApiError($"no event {seq}"));
            var w = new CanonicalWriter();
            HashChain.WriteLinkBytes(w, e.Height, e.Time, e.Event);
            var previous = node.Events.PreviousHash(seq);
            var recomputed = Convert.ToHexStringLower(HashChain.Link(Convert.FromHexString(previous), w.WrittenSpan));
            return Results.Json(new EventView(seq, e.Height, e.Time, e.Event.Kind.ToString(), JsonDocument.Parse(e.Json).RootElement, previous, e.Hash, recomputed == e.Hash), JsonFormat.Options);
        }).WithName("getEvent").Produces<EventView>().Produces<ApiError>(StatusCodes.Status404NotFound)
          .WithSummary("One event with its chain link: previous hash, hash, and whether SHA-256(previous ‖ height ‖ time ‖ bytes) reproduces it.");
        app.MapGet("/v1/events", (HttpContext ctx, long? from) => Stream(ctx, node, from))
            .WithName("streamEvents").Produces<string>(StatusCodes.Status200OK, "text/event-stream").Produces<ApiError>(StatusCodes.Status400BadRequest)
            .WithSummary("Server-Sent Events from sequence `from` (or Last-Event-ID + 1): id = sequence, event = kind, data = JSON. Refused signed messages (governance, and signed-mode user requests) arrive as `rejected` events without an id.");
        Submission(app.MapPost("/v1/tx", (Delegate)((HttpContext ctx) => Submit(ctx, node, body => TxRequest.Parse(body)))), "submitTransaction", typeof(TxBody))
            .WithSummary("Submit a transaction. Signed mode: {type, message, signature(s)} or a trade {buy, sell, price}; open mode: {type: deposit|withdraw|fundInsurance|trade|oracleReport|liquidate|execute, …}. 200 accepted, 422 refused by the protocol (an unsigned or wrongly signed one in signed mode: reason Unauthorized or BadSignature), 400 malformed.");
        app.MapPost("/v1/tx/batch", (Delegate)((HttpContext ctx) => SubmitBatch(ctx, node)))
            .WithName("submitTransactionBatch").Accepts<List<TxBody>>("application/json")
            .Produces<List<TxAccepted>>().Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status403Forbidden)
            .Produces<ApiError>(StatusCodes.Status415UnsupportedMediaType).Produces<ApiError>(StatusCodes.Status429TooManyRequests).Produces<ApiError>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Submit up to 256 transactions (a JSON array of /v1/tx bodies), applied in order, each on its own; 200 with each one's outcome (accepted with height and events, or refused with reason), 400 naming a malformed element.");
        Submission(app.MapPost("/v1/governance", (Delegate)((HttpContext ctx) => Submit(ctx, node, body => SignedBundle.Parse(body.GetRawText()).ToTransaction()))), "submitGovernance", typeof(GovernanceBody))
            .WithSummary("Submit a signed governance bundle {role, typedData, signatures}.");
        app.MapGet("/v1/governance", () =>
        {
            lock (node.Sync)
            {
                var c = node.Engine.State.Governance.Config;
                if (c is null) return Results.NotFound(new ApiError("governance is not configured on this node"));
                return Results.Json(new GovernanceView(Domain(c.Domain), Role(c.Watchers), Role(c.Council), Role(c.Guardians), Role(c.Dao),
                    c.TimelockDelaySeconds, c.MaxPauseSeconds, c.AttestationWindowSeconds, c.MaxWatcherActionSeconds), JsonFormat.Options);
            }
        }).WithName("getGovernance").Produces<GovernanceView>().Produces<ApiError>(StatusCodes.Status404NotFound)
          .WithSummary("The signing domain and the role sets (for wallets and watchers).");
        app.MapGet("/v1/checkpoint", () =>
        {
            lock (node.Sync)
            {
                var (height, events, head, signature) = node.LastCheckpoint;
                var typed = GovernanceTypedData.Build(NodeCheckpoint.Domain, "Checkpoint", new System.Text.Json.Nodes.JsonObject { ["height"] = height, ["events"] = events, ["head"] = "0x" + head });
                return Results.Json(new CheckpointView(height, events, head, node.NodeKey?.Address.Hex, signature.Length > 0 ? Hex.Format(signature) : null,
                    JsonDocument.Parse(typed.ToJsonString()).RootElement), JsonFormat.Options);
            }
        }).WithName("getCheckpoint").Produces<CheckpointView>().Produces<ApiError>(StatusCodes.Status421MisdirectedRequest)
          .WithSummary("The last committed checkpoint (height, event count, chain head) with the node key's EIP-712 signature: keep it to hold the node to what it committed.");
        app.MapGet("/v1/access", () =>
        {
            lock (node.Sync)
            {
                if (node.Engine.State.Access.Config is not { } c) return Results.Json(new AccessView(true, null, null, null, null, null), JsonFormat.Options);
                return Results.Json(new AccessView(false, Domain(c.Domain), Role(c.Bridge), [.. c.Reporters.Select(r => new ReporterView(r.Market, r.Source, r.Reporter.Hex))],
                    Protocol.Governance.GovernanceLimits.MaxMessageLifetimeSeconds, node.Engine.State.Access.LastDepositId), JsonFormat.Options);
            }
        }).WithName("getAccess").Produces<AccessView>().Produces<ApiError>(StatusCodes.Status421MisdirectedRequest)
          .WithSummary("Signed mode: the EIP-712 domain user messages are signed under, the bridge signers and each oracle source's reporter key; or open = true.");
        app.MapGet("/v1/addresses/{address}", (string address) =>
        {
            Protocol.Governance.Address a;
            try { a = Protocol.Governance.Address.Parse(address); }
            catch (FormatException e) { return Results.BadRequest(new ApiError(e.Message)); }
            lock (node.Sync)
            {
                var access = node.Engine.State.Access;
                return access.AccountOf.TryGetValue(a, out var id)
                    ? Results.Json(new AddressView(a.Hex, id, access.NextNonce(a)), JsonFormat.Options)
                    : Results.NotFound(new { error = $"{a} has no account (accounts are opened by a bridge deposit)", nextNonce = access.NextNonce(a) });
            }
        }).WithName("getAddress").Produces<AddressView>().Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status404NotFound)
          .WithSummary("The account id bound to an address and the next nonce it may sign with (also on the 404).");
        Submission(app.MapPost("/v1/signals", (Delegate)((HttpContext ctx) => Submit(ctx, node, body =>
        {
            var (message, signature) = ThreatSignalJson.Read(body);
            return new Protocol.Transactions.SubmitThreatSignal(message, signature);
        }))), "submitThreatSignal", typeof(SignalBody))
            .WithSummary("Submit a signed threat signal (Forta-compatible JSON) from a trusted peer: raises the market's level by at most one step, for a bounded time.");
        app.MapGet("/metrics", () => Results.Text(node.Metrics.Render(node), "text/plain; version=0.0.4; charset=utf-8"))
            .WithName("getMetrics").Produces<string>(StatusCodes.Status200OK, "text/plain").Produces<ApiError>(StatusCodes.Status421MisdirectedRequest)
            .WithSummary("Prometheus metrics (text exposition format).");
    }

    private static DomainView Domain(Protocol.Governance.GovernanceDomain d) => new(d.Name, d.Version, d.ChainId, d.VerifyingContract.Hex);

    private static RoleView Role(Protocol.Governance.RoleSet r) => new(r.Threshold, [.. r.Members.Select(m => m.Hex)]);

    /// <summary>Documents a submission endpoint: its body and every answer it can give.</summary>
    private static RouteHandlerBuilder Submission(RouteHandlerBuilder b, string operationId, Type body) => b
        .WithName(operationId).Accepts(body, "application/json")
        .Produces<TxAccepted>().Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status403Forbidden)
        .Produces<ApiError>(StatusCodes.Status415UnsupportedMediaType).Produces<TxRefused>(StatusCodes.Status422UnprocessableEntity)
        .Produces<ApiError>(StatusCodes.Status429TooManyRequests).Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);

    /// <summary>Reads a JSON body within the size bound; a too-large or malformed body is the 400 it returns.</summary>
    private static async Task<(JsonDocument? Doc, IResult? Error)> ReadJsonAsync(HttpContext ctx, Node node)
    {
        if (ctx.Request.ContentLength > node.Options.MaxBodyBytes)
            return (null, Results.BadRequest(new ApiError($"request body of {ctx.Request.ContentLength} bytes exceeds {node.Options.MaxBodyBytes}")));
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(node.Options.MaxBodyBytes + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await ctx.Request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), ctx.RequestAborted)) > 0)
            {
                length += read;
                if (length > node.Options.MaxBodyBytes) return (null, Results.BadRequest(new ApiError($"request body exceeds {node.Options.MaxBodyBytes} bytes")));
            }
            return (JsonDocument.Parse(buffer.AsMemory(0, length).ToArray()), null);
        }
        catch (JsonException e)
        {
            return (null, Results.BadRequest(new ApiError(e.Message)));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsClientError(Exception e) => e is JsonException or FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException;

    private static async Task<IResult> Submit(HttpContext ctx, Node node, Func<JsonElement, Protocol.Transactions.Transaction> parse)
    {
        var (doc, error) = await ReadJsonAsync(ctx, node);
        if (error is not null) return error;
        Protocol.Transactions.Transaction tx;
        using (doc)
        {
            try { tx = parse(doc!.RootElement); }
            catch (Exception e) when (IsClientError(e)) { return Results.BadRequest(new ApiError(e.Message)); }
        }
        node.Preverify(tx);
        Outcome outcome;
        try { outcome = await node.SubmitAsync(tx, ctx.RequestAborted); }
        catch (NodeFaultException e) { return Results.Json(new ApiError(e.Message), JsonFormat.Options, statusCode: 503); }
        return outcome.Accepted ? Results.Json(Accepted(outcome), JsonFormat.Options) : Results.Json(Refused(outcome), JsonFormat.Options, statusCode: 422);
    }

    private static TxAccepted Accepted(Outcome o) => new(true, o.Height, [.. o.Events.Select(e => new EventRef(e.Seq, e.Event.Kind.ToString(), e.Hash))]);

    private static TxRefused Refused(Outcome o) => new(false, o.Rejection!.Reason.ToString(), o.Rejection.Detail);

    /// <summary>Most transactions in one batch.</summary>
    public const int MaxBatch = 256;

    /// <summary>
    /// A JSON array of up to <see cref="MaxBatch"/> transaction bodies, applied in order (each on its own: one refusal does not
    /// undo the others); the answer lists each one's outcome. One malformed element refuses the whole batch (400, naming it).
    /// </summary>
    private static async Task<IResult> SubmitBatch(HttpContext ctx, Node node)
    {
        var (doc, error) = await ReadJsonAsync(ctx, node);
        if (error is not null) return error;
        var txs = new List<Protocol.Transactions.Transaction>();
        using (doc)
        {
            var root = doc!.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() is 0 or > MaxBatch)
                return Results.BadRequest(new ApiError($"a batch is a JSON array of 1–{MaxBatch} transactions"));
            var i = 0;
            foreach (var item in root.EnumerateArray())
            {
                try { txs.Add(TxRequest.Parse(item)); }
                catch (Exception e) when (IsClientError(e)) { return Results.BadRequest(new ApiError($"transaction [{i}]: {e.Message}")); }
                i++;
            }
        }
        foreach (var tx in txs) node.Preverify(tx);
        try
        {
            // Queued in order: each SubmitAsync enqueues before it first waits.
            var outcomes = await Task.WhenAll(txs.Select(tx => node.SubmitAsync(tx, ctx.RequestAborted)).ToList());
            return Results.Json(outcomes.Select(o => o.Accepted ? (object)Accepted(o) : Refused(o)).ToList(), JsonFormat.Options);
        }
        catch (NodeFaultException e) { return Results.Json(new ApiError(e.Message), JsonFormat.Options, statusCode: 503); }
    }

    private static async Task Stream(HttpContext ctx, Node node, long? from)
    {
        // A reconnecting EventSource repeats the original URL (with its ?from=) and adds Last-Event-ID: the header wins.
        var header = ctx.Request.Headers["Last-Event-ID"].ToString();
        long next;
        if (header.Length > 0)
        {
            if (!long.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var last) || last == long.MaxValue)
            {
                ctx.Response.StatusCode = 400;
                await ctx.Response.WriteAsJsonAsync(new { error = $"Last-Event-ID must be a sequence number below {long.MaxValue}" });
                return;
            }
            next = last + 1;
        }
        else next = from ?? 1;
        if (next < 1)
        {
            ctx.Response.StatusCode = 400;
            await ctx.Response.WriteAsJsonAsync(new { error = "from must be ≥ 1" });
            return;
        }
        ctx.Response.Headers.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        var notice = node.Events.NoticeCount + 1L;
        var sentRootHeight = -1L;
        var sb = new StringBuilder();
        try
        {
            while (!ctx.RequestAborted.IsCancellationRequested)
            {
                var (events, notices, changed) = node.Events.Read(next, notice);
                sb.Clear();
                foreach (var e in events)
                {
                    sb.Append("id: ").Append(e.Seq).Append("\nevent: ").Append(e.Event.Kind).Append("\ndata: {\"seq\":").Append(e.Seq).Append(",\"height\":").Append(e.Height)
                      .Append(",\"time\":").Append(e.Time).Append(",\"kind\":\"").Append(e.Event.Kind).Append("\",\"hash\":\"").Append(e.Hash).Append("\",\"data\":").Append(e.Json).Append("}\n\n");
                    next = e.Seq + 1;
                }
                foreach (var n in notices)
                {
                    sb.Append("event: rejected\ndata: ").Append(JsonSerializer.Serialize(n, JsonFormat.Options)).Append("\n\n");
                    notice = n.Id + 1;
                }
                // The accounts root once the stream has caught up with the height it holds at (a user's proof checks against it).
                var root = node.PublishedRoot;
                if (root.Height != sentRootHeight && root.Root.Length > 0 && (events.Count == 0 || events[^1].Height >= root.Height))
                {
                    sb.Append("event: root\ndata: {\"height\":").Append(root.Height).Append(",\"accountsRoot\":\"").Append(root.Root).Append("\"}\n\n");
                    sentRootHeight = root.Height;
                }
                if (sb.Length > 0)
                {
                    await ctx.Response.WriteAsync(sb.ToString(), ctx.RequestAborted);
                    await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                }
                if (events.Count == 0) await Task.WhenAny(changed, Task.Delay(15_000, ctx.RequestAborted));
            }
        }
        catch (OperationCanceledException) { }
    }
}
