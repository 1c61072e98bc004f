using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Breakwater.Lab.Data;

namespace Breakwater.Cli.Tests;

public sealed class DataFetchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bw-fetch").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static byte[] Zip(string name, string csv)
    {
        using var ms = new MemoryStream();
        using (var z = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        using (var w = new StreamWriter(z.CreateEntry(name).Open())) w.Write(csv);
        return ms.ToArray();
    }

    private static void Serve(LoopbackFileServer s, string day, string csv, bool corruptChecksum = false)
    {
        var name = $"BTCUSDT-1m-{day}.zip";
        var zip = Zip($"BTCUSDT-1m-{day}.csv", csv);
        var sha = Convert.ToHexStringLower(SHA256.HashData(zip));
        if (corruptChecksum) sha = new string('0', 64);
        s.Add($"/data/spot/daily/klines/BTCUSDT/1m/{name}", zip);
        s.Add($"/data/spot/daily/klines/BTCUSDT/1m/{name}.CHECKSUM", Encoding.ASCII.GetBytes($"{sha}  {name}\n"));
    }

    [Fact]
    public void Fetch_TwoDays_VerifiesAndJoinsIntoAReadableCsv()
    {
        using var server = new LoopbackFileServer();
        Serve(server, "2025-10-10", "1760054400000,100.0,101.0,99.0,100.5,1.0,1760054459999,100.5,10,0.5,50.2,0\n");
        Serve(server, "2025-10-11", "1760140800000000,90.0,91.0,89.0,90.5,2.0,1760140859999999,181.0,20,1.0,90.5,0\n");
        var (code, output, err) = CliRunner.Run("data", "fetch", "binance", "BTCUSDT", "--from", "2025-10-10", "--to", "2025-10-11",
            "--out", _dir, "--cache", Path.Combine(_dir, "cache"), "--base-url", server.BaseUrl);
        Assert.True(code == ExitCodes.Ok, output + err);
        var csv = Directory.GetFiles(_dir, "*.csv").Single();
        var series = MarketDataReader.Load(csv, null, null, 0, long.MaxValue);
        Assert.Equal([1_760_054_400L, 1_760_140_800L], series.Bars.Select(b => b.Time));
    }

    [Fact]
    public void Fetch_ChecksumMismatch_ExitsTwoAndWritesNothing()
    {
        using var server = new LoopbackFileServer();
        Serve(server, "2025-10-10", "1760054400000,100.0,101.0,99.0,100.5,1.0,1760054459999,100.5,10,0.5,50.2,0\n", corruptChecksum: true);
        var (code, output, err) = CliRunner.Run("data", "fetch", "binance", "BTCUSDT", "--from", "2025-10-10", "--to", "2025-10-10",
            "--out", _dir, "--cache", Path.Combine(_dir, "cache"), "--base-url", server.BaseUrl);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("checksum mismatch", err);
        Assert.Empty(Directory.GetFiles(_dir, "*.csv"));
    }

    [Fact]
    public void Fetch_Offline_SaysSoWithoutAStackTrace()
    {
        var port = Ports.Free();
        var (code, output, err) = CliRunner.Run("data", "fetch", "binance", "BTCUSDT", "--from", "2025-10-10", "--to", "2025-10-10",
            "--out", _dir, "--cache", Path.Combine(_dir, "cache"), "--base-url", $"http://127.0.0.1:{port}");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("offline", err);
        Assert.DoesNotContain("   at ", output + err);
    }
}
