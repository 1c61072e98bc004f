using BenchmarkDotNet.Attributes;
using Breakwater.Crypto;

namespace Breakwater.Bench;

/// <summary>
/// Recovering the signer of one EIP-712 digest: the managed BouncyCastle path (baseline) against libsecp256k1 through
/// P/Invoke. Operations per invocation = 64 signatures by 64 keys.
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private readonly byte[][] _digests = new byte[64][];
    private readonly byte[][] _signatures = new byte[64][];

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < 64; i++)
        {
            _digests[i] = Keccak.Hash(BitConverter.GetBytes(i));
            _signatures[i] = Secp256k1.Sign(_digests[i], Keccak.Hash(BitConverter.GetBytes(1_000 + i)));
        }
        if (!NativeSecp256k1.IsAvailable) throw new InvalidOperationException("libsecp256k1-1 is not installed");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 64)]
    public int RecoverManaged()
    {
        var n = 0;
        for (var i = 0; i < 64; i++) n += Secp256k1.Recover(_digests[i], _signatures[i])![0];
        return n;
    }

    [Benchmark(OperationsPerInvoke = 64)]
    public int RecoverNative()
    {
        var n = 0;
        for (var i = 0; i < 64; i++) n += NativeSecp256k1.Recover(_digests[i], _signatures[i])![0];
        return n;
    }
}
