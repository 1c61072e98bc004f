using System.Diagnostics;
using Breakwater.Cli;

namespace Breakwater.Server.Tests;

/// <summary>Starts real `breakwater` processes (nodes, watchers) on loopback and stops them.</summary>
internal sealed class Processes : IDisposable
{
    private readonly List<Process> _all = [];
    public string Dir { get; } = Directory.CreateTempSubdirectory("bw-node").FullName;

    public static string Dll => Path.Combine(Path.GetDirectoryName(typeof(ExitCodes).Assembly.Location)!, "breakwater.dll");

    /// <summary>The repository's root: the folder above the test binaries that holds Breakwater.sln.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Breakwater.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Breakwater.sln not found above the test binaries");
    }

    /// <summary>Debian's promtool (from the prometheus package), or BREAKWATER_PROMTOOL.</summary>
    public static string Promtool => Environment.GetEnvironmentVariable("BREAKWATER_PROMTOOL") ?? "/usr/bin/promtool";

    /// <summary>Runs promtool to its end (stdin: <paramref name="input"/>, or none): exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output)> PromtoolAsync(string? input, string? workingDirectory, params string[] args)
    {
        Assert.True(File.Exists(Promtool), $"no promtool at {Promtool}: .ci/run installs Debian's prometheus package");
        var psi = new ProcessStartInfo(Promtool) { RedirectStandardInput = input is not null, RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (input is not null)
        {
            await p.StandardInput.WriteAsync(input);
            p.StandardInput.Close();
        }
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output);
    }


    public Process Start(string name, params string[] args) => StartProgram(name, "dotnet", [Dll, .. args]);

    /// <summary>Starts `breakwater` with extra environment variables (runtime and culture settings).</summary>
    public Process StartWithEnvironment(string name, IReadOnlyDictionary<string, string> environment, params string[] args)
        => StartProgram(name, "dotnet", environment, [Dll, .. args]);

    /// <summary>Starts any program (Prometheus, Alertmanager) in <see cref="Dir"/>, its output logged as <paramref name="name"/>.log.</summary>
    public Process StartProgram(string name, string program, params string[] args) => StartProgram(name, program, new Dictionary<string, string>(), args);

    private Process StartProgram(string name, string program, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Dir };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment) psi.Environment[k] = v;
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

    /// <summary>Stops every process started so far; the folder and its files stay.</summary>
    public void StopAll()
    {
        foreach (var p in _all)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); p.WaitForExit(5_000); }
            catch (InvalidOperationException) { }
        }
    }

    public void Dispose()
    {
        StopAll();
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}
