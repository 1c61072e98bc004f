using System.Collections.Concurrent;
using Breakwater.Protocol.Governance;

namespace Breakwater.Crypto;

/// <summary>
/// Signer recovery memoized by (digest, signature), so that request threads on every core can recover signers before a
/// transaction reaches the single-writer sequencer, and the sequencer's own check becomes a lookup. Recovery is a pure
/// function, so the core's result is the same with or without the cache: determinism does not depend on what was warmed.
/// Bounded: cleared when it holds <see cref="Capacity"/> entries.
/// </summary>
/// <param name="inner">The verifier that does the work.</param>
public sealed class RecoveryCache(ISignatureVerifier inner) : ISignatureVerifier
{
    /// <summary>Entries kept before the cache is cleared: 262,144 (about 40 MB).</summary>
    public const int Capacity = 1 << 18;

    private readonly ConcurrentDictionary<string, byte[]?> _recovered = new(StringComparer.Ordinal);

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    private long _hits;

    /// <inheritdoc />
    public byte[] Keccak256(ReadOnlySpan<byte> data) => inner.Keccak256(data);

    /// <inheritdoc />
    public byte[]? RecoverAddress(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        var key = string.Concat(Convert.ToHexString(digest), Convert.ToHexString(signature));
        if (_recovered.TryGetValue(key, out var known))
        {
            Interlocked.Increment(ref _hits);
            return known?.ToArray();
        }
        var address = inner.RecoverAddress(digest, signature);
        if (_recovered.Count >= Capacity) _recovered.Clear();
        _recovered[key] = address;
        return address?.ToArray();
    }
}
