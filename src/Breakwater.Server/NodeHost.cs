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
        var app = builder.Build();
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
