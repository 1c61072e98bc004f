using BenchmarkDotNet.Attributes;
using Breakwater.Protocol.Hashing;

namespace Breakwater.Bench;

/// <summary>
/// One link of the event chain, SHA-256(previous head ‖ 16 bytes of height and time ‖ the event), for an event of
/// <see cref="EventBytes"/> bytes (an oracle update's is about 180): the one-shot hash every link used to take (baseline)
/// against the chain's reused hash context. 1,000 links per invocation. This is the floor of any transaction that
/// emits an event.
/// </summary>
[MemoryDiagnoser]
public class HashChainBenchmarks
{
    private readonly HashChain _chain = new();
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
    public byte[] OneShot()
    {
        for (var i = 0; i < 1_000; i++) _head = HashChain.Link(_head, _event);
        return _head;
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public byte[] ReusedContext()
    {
        byte[] head = [];
        for (var i = 0; i < 1_000; i++) head = _chain.Append(_event);
        return head;
    }
}
