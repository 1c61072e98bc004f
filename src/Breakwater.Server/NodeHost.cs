using System.Threading.RateLimiting;
using Breakwater.Protocol.Numerics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.FileProviders;
using Microsoft.OpenApi;

namespace Breakwater.Server;

/// <summary>Builds and runs the node's web host (ASP.NET Core on Kestrel, loopback by default).</summary>
public static class NodeHost
{
    /// <summary>Builds the app around a started node.</summary>
    public static WebApplication Build(Node node, string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(node.Options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Logging.ClearProviders(); // the node reports its own errors; host start-up failures surface as exceptions
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info = new OpenApiInfo
                {
                    Title = "Breakwater node", Version = "1",
                    Description = "A perpetual-futures clearing house with its incident response built in. In signed mode (the default) the "
                        + "authorization is in the bodies, not in HTTP: every value-moving request carries EIP-712 signatures that the protocol "
                        + "checks itself (see GET /v1/access for the domain); governance bundles and threat signals are signed the same way. "
                        + "Amounts are exact decimal numbers: USD to 1e-6, prices and sizes to 1e-8.",
                };
                doc.Servers = [new OpenApiServer { Url = node.Options.Urls.Split(';')[0].TrimEnd('/'), Description = "this node" }];
                doc.Tags = new HashSet<OpenApiTag> { new() { Name = "breakwater", Description = "The protocol node: state, markets, accounts, events, submissions, governance." } };
                // No HTTP credential: requests are authorized by the signatures they carry (an explicit anonymous requirement).
                doc.Security = [new OpenApiSecurityRequirement()];
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, ctx, _) =>
            {
                var t = ctx.JsonTypeInfo.Type;
                var (type, description) = t == typeof(Usd) ? (JsonSchemaType.Number, "USD, exact to 1e-6")
                    : t == typeof(Price) ? (JsonSchemaType.Number, "USD per unit, exact to 1e-8")
                    : t == typeof(Size) ? (JsonSchemaType.Number, "base units, exact to 1e-8 (negative = short)")
                    : t == typeof(Fraction) ? (JsonSchemaType.Number, "a fraction, exact to 1e-6")
                    : default;
                if (description is not null)
                {
                    schema.Type = type;
                    schema.Description = description;
                    schema.Properties?.Clear();
                    schema.Required?.Clear();
                }
                return Task.CompletedTask;
            });
        });
        builder.Services.AddProblemDetails();
        var limit = node.Options.RateLimitPerSecond;
        if (limit > 0)
            builder.Services.AddRateLimiter(o =>
            {
                o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                o.OnRejected = (ctx, cancel) => new ValueTask(ctx.HttpContext.Response.WriteAsJsonAsync(
                    new { error = $"more than {limit} submissions per second from {ctx.HttpContext.Connection.RemoteIpAddress}: slow down and retry" }, cancel));
                // Reads and the event stream are not limited: only submissions queue work for the single sequencer.
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx => HttpMethods.IsPost(ctx.Request.Method)
                    ? RateLimitPartition.GetTokenBucketLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = 2 * limit, TokensPerPeriod = limit, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("read"));
            });
        var app = builder.Build();
        if (limit > 0) app.UseRateLimiter();
        app.UseExceptionHandler(e => e.Run(async ctx =>
        {
            var error = ctx.Features.Get<IExceptionHandlerFeature>()?.Error;
            // Malformed input that slipped past the endpoint's own checks (e.g. a bad route value) is still the client's.
            ctx.Response.StatusCode = error is BadHttpRequestException or FormatException ? 400 : 500;
            await ctx.Response.WriteAsJsonAsync(new { error = error?.Message ?? "error" });
        }));
        app.MapOpenApi();
        var web = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(web))
        {
            var files = new PhysicalFileProvider(web);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }
        Api.Map(app, node);
        return app;
    }
}
