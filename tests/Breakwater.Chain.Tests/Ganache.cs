using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Testing;

namespace Breakwater.Chain.Tests;

/// <summary>
/// A local EVM chain for the tests: ganache 7 from contracts/node_modules (npm, pinned by the lock file), on a free
/// loopback port, chain id 1337, instant mining, the given keys funded with 1,000 ETH each; stopped on dispose.
/// </summary>
public sealed class Ganache : IAsyncDisposable
{
    private readonly Process _process;
    private static readonly HttpClient Http = new();

    private Ganache(Process process, string url) { _process = process; Url = url; }

    /// <summary>The JSON-RPC URL.</summary>
    public string Url { get; }

    /// <summary>Starts a chain and waits until it answers.</summary>
    public static async Task<Ganache> StartAsync(IEnumerable<KeyFile> funded)
    {
        var root = Repo.Root;
        var cli = Path.Combine(root, "contracts", "node_modules", "ganache", "dist", "node", "cli.js");
        if (!File.Exists(cli)) throw new InvalidOperationException($"ganache is not installed at {cli}: run npm ci in contracts/");
        var port = Ports.Free();
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "--server.host", "127.0.0.1", "--server.port", port.ToString(), "--chain.chainId", "1337", "--chain.hardfork", "shanghai",
                     "--logging.quiet", "--miner.instamine", "eager" }) psi.ArgumentList.Add(a);
        foreach (var k in funded) { psi.ArgumentList.Add("--wallet.accounts"); psi.ArgumentList.Add($"{Hex.Format(k.PrivateKey)},0x3635C9ADC5DEA00000"); }
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var g = new Ganache(p, $"http://127.0.0.1:{port}");
        for (var i = 0; i < 300; i++)
        {
            if (p.HasExited) throw new InvalidOperationException($"ganache exited with {p.ExitCode}");
            try { await g.RpcAsync("eth_chainId"); return g; }
            catch (HttpRequestException) { await Task.Delay(100); }
        }
        await g.DisposeAsync();
        throw new TimeoutException("ganache did not answer within 30 s");
    }

    /// <summary>One raw JSON-RPC call; returns the result element.</summary>
    public async Task<JsonElement> RpcAsync(string method, params object[] args)
    {
        var body = JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method, @params = args });
        using var r = await Http.PostAsync(Url, new StringContent(body, Encoding.UTF8, "application/json"));
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        if (doc.RootElement.TryGetProperty("error", out var e)) throw new InvalidOperationException($"{method}: {e}");
        return doc.RootElement.GetProperty("result").Clone();
    }

    /// <summary>Moves the chain's clock forward and mines a block.</summary>
    public async Task AdvanceAsync(long seconds)
    {
        await RpcAsync("evm_increaseTime", seconds);
        await RpcAsync("evm_mine");
    }

    /// <summary>The latest block's timestamp, unix s.</summary>
    public async Task<long> NowAsync()
        => Convert.ToInt64((await RpcAsync("eth_getBlockByNumber", "latest", false)).GetProperty("timestamp").GetString()!, 16);


    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}

/// <summary>The repository root (where contracts/ is), found upward from the test binaries.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "contracts", "src"))) return d.FullName;
        throw new DirectoryNotFoundException("no contracts/ folder above the test binaries");
    }
}
