using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Breakwater.Protocol.Hashing;

namespace Breakwater.Bench;

/// <summary>
/// One link of the event chain, SHA-256(previous head ‖ 16 bytes of height and time ‖ the event), for an event of
/// <see cref="EventBytes"/> bytes (an oracle update's is about 180): .NET's reused <see cref="IncrementalHash"/> (what the
/// chain used before; baseline) and its one-shot <see cref="SHA256.HashData(ReadOnlySpan{byte})"/> against the chain as
/// it is (<see cref="Sha256"/>: OpenSSL's low-level functions). 1,000 links per invocation. This is the floor of any
/// transaction that emits an event.
/// </summary>
[MemoryDiagnoser]
public class HashChainBenchmarks
{
    private readonly HashChain _chain = new();
    private readonly IncrementalHash _incremental = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _event = [];
    private byte[] _head = new byte[32];

    /// <summary>Bytes hashed after the previous head.</summary>
    [Params(196)]
    public int EventBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _event = new byte[EventBytes];
        new Random(5).NextBytes(_event);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1_000)]
    public byte[] DotNetReusedContext()
    {
        for (var i = 0; i < 1_000; i++)
        {
            _incremental.AppendData(_head);
            _incremental.AppendData(_event);
            _head = _incremental.GetHashAndReset();
        }
        return _head;
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public byte[] DotNetOneShot()
    {
        var buffer = new byte[32 + _event.Length];
        _event.CopyTo(buffer, 32);
        for (var i = 0; i < 1_000; i++)
        {
            _head.CopyTo(buffer, 0);
            _head = SHA256.HashData(buffer);
        }
        return _head;
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public byte Chain()
    {
        byte first = 0;
        for (var i = 0; i < 1_000; i++) first = _chain.Append(_event)[0];
        return first;
    }
}
