using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Breakwater.Cli;

namespace Breakwater.Server.Tests;

/// <summary>Starts real `breakwater` processes (nodes, watchers) on loopback and stops them.</summary>
internal sealed class Processes : IDisposable
{
    private readonly List<Process> _all = [];
    public string Dir { get; } = Directory.CreateTempSubdirectory("bw-node").FullName;

    public static string Dll => Path.Combine(Path.GetDirectoryName(typeof(ExitCodes).Assembly.Location)!, "breakwater.dll");

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public Process Start(string name, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Dir };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        var p = Process.Start(psi)!;
        var log = new StreamWriter(Path.Combine(Dir, name + ".log")) { AutoFlush = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _all.Add(p);
        return p;
    }

    /// <summary>Runs a one-shot command to its end: exit code and everything it printed.</summary>
    public async Task<(int Exit, string Output)> RunAsync(string name, params string[] args)
    {
        var p = Start(name, args);
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        p.WaitForExit(); // drains the redirected output into the log
        return (p.ExitCode, Log(name));
    }

    public string Log(string name)
    {
        var path = Path.Combine(Dir, name + ".log");
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(f).ReadToEnd();
    }

    public static async Task<HttpClient> WaitForNode(string url, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            try
            {
                if ((await http.GetAsync("/v1/state")).IsSuccessStatusCode) return http;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"node at {url} did not come up");
    }

    public void Dispose()
    {
        foreach (var p in _all)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); p.WaitForExit(5_000); }
            catch (InvalidOperationException) { }
        }
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}
