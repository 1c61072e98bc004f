using System.Net;

namespace Breakwater.Cli.Tests;

/// <summary>A real HTTP server on 127.0.0.1 serving recorded files by path (HttpListener), for download tests.</summary>
internal sealed class LoopbackFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new();
    private readonly Task _loop;

    public string BaseUrl { get; }

    public LoopbackFileServer()
    {
        var port = Ports.Free();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public void Add(string path, byte[] content) => _files[path] = content;

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            if (_files.TryGetValue(ctx.Request.Url!.AbsolutePath, out var body))
            {
                ctx.Response.StatusCode = 200;
                await ctx.Response.OutputStream.WriteAsync(body);
            }
            else ctx.Response.StatusCode = 404;
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        // A free port is only free when asked (other test projects start servers at the same time); if another process
        // bound it meanwhile, closing our listener reports that. The downloads either worked or the test already failed.
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (HttpListenerException) { }
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
