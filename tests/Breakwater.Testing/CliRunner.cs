using System.Diagnostics;

namespace Breakwater.Testing;

/// <summary>Runs the real <c>breakwater</c> executable (breakwater.dll beside the test binaries of a project that references the CLI).</summary>
public static class CliRunner
{
    /// <summary>Path of breakwater.dll.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "breakwater.dll");

    /// <summary>Runs it to the end: exit code, standard output, standard error (NO_COLOR set).</summary>
    public static (int Code, string Out, string Err) Run(params string[] args) => RunAsync(args).GetAwaiter().GetResult();

    /// <summary>Runs it to the end without blocking a thread: exit code, standard output, standard error.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        if (!File.Exists(Dll)) throw new FileNotFoundException($"no breakwater.dll at {Dll}: the test project must reference Breakwater.Cli");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }
}
