using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.FileProviders;

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
        builder.Services.AddOpenApi();
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
