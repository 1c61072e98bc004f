using Breakwater.Protocol.Accounts;

namespace Breakwater.Protocol.Liquidation;

/// <summary>
/// Accounts keyed by a 128-bit liquidation key, for one market and side: the keys are grouped into buckets of about
/// 1/4096 of their magnitude (a floating-point-like split of the key into its bit length and 12 bits below the top), the
/// non-empty buckets kept in order. Adding or removing an account is a hash lookup and an array write; only a bucket
/// becoming empty or non-empty touches the ordered set. A range query walks the buckets beyond the threshold's and
/// compares keys only in the threshold's own bucket. Iteration order inside a bucket is insertion order with
/// swap-removal: callers that need an order sort what they collect.
/// </summary>
internal sealed class KeyBuckets
{
    private const int MantissaBits = 12;
    private const int ExactBelowBits = MantissaBits + 1;

    private sealed class Bucket
    {
        public Account[] Accounts = new Account[4];
        public Int128[] Keys = new Int128[4];
        public int Count;
    }

    private readonly Dictionary<long, Bucket> _buckets = new();
    private readonly SortedSet<long> _nonEmpty = new();

    /// <summary>
    /// The bucket of a key: a non-decreasing function of it. Keys below 2¹³ in magnitude are their own bucket; above,
    /// the bit length and the next 12 bits, so a bucket spans at most 1/4096 of its keys' magnitude.
    /// </summary>
    public static long BucketOf(Int128 key)
    {
        if (key < 0) return -BucketOf(key == Int128.MinValue ? Int128.MaxValue : -key) - 1;
        var bits = 128 - (int)Int128.LeadingZeroCount(key);
        if (bits <= ExactBelowBits) return (long)key;
        var mantissa = (long)(key >> (bits - ExactBelowBits)) & ((1L << MantissaBits) - 1);
        return ((long)bits << MantissaBits) | mantissa;
    }

    /// <summary>Adds an account under <paramref name="key"/>; returns its bucket and slot, which <see cref="Remove"/> needs.</summary>
    public (long Bucket, int Slot) Add(Int128 key, Account account)
    {
        var id = BucketOf(key);
        if (!_buckets.TryGetValue(id, out var b)) _buckets[id] = b = new Bucket();
        if (b.Count == 0) _nonEmpty.Add(id);
        if (b.Count == b.Accounts.Length)
        {
            Array.Resize(ref b.Accounts, b.Count * 2);
            Array.Resize(ref b.Keys, b.Count * 2);
        }
        b.Accounts[b.Count] = account;
        b.Keys[b.Count] = key;
        return (id, b.Count++);
    }

    /// <summary>
    /// Replaces the key of the entry at <paramref name="slot"/> of <paramref name="bucket"/> when the new key falls in the
    /// same bucket (true); otherwise changes nothing (false), and the caller removes and adds.
    /// </summary>
    public bool TrySetKey(long bucket, int slot, Int128 key)
    {
        if (BucketOf(key) != bucket) return false;
        _buckets[bucket].Keys[slot] = key;
        return true;
    }

    /// <summary>
    /// Removes the entry at <paramref name="slot"/> of <paramref name="bucket"/> by moving the bucket's last entry into
    /// it; returns the account that moved (its slot is now <paramref name="slot"/>), or null when none did.
    /// </summary>
    public Account? Remove(long bucket, int slot)
    {
        var b = _buckets[bucket];
        var last = --b.Count;
        Account? moved = null;
        if (slot != last)
        {
            b.Accounts[slot] = b.Accounts[last];
            b.Keys[slot] = b.Keys[last];
            moved = b.Accounts[slot];
        }
        b.Accounts[last] = null!;
        if (b.Count == 0) _nonEmpty.Remove(bucket);
        return moved;
    }

    /// <summary>Accounts with key ≥ <paramref name="threshold"/>.</summary>
    public IEnumerable<long> AtOrAbove(Int128 threshold)
    {
        var edge = BucketOf(threshold);
        foreach (var id in _nonEmpty.GetViewBetween(edge, long.MaxValue))
        {
            var b = _buckets[id];
            for (var i = 0; i < b.Count; i++)
                if (id != edge || b.Keys[i] >= threshold) yield return b.Accounts[i].Id;
        }
    }

    /// <summary>Accounts with key ≤ <paramref name="threshold"/>.</summary>
    public IEnumerable<long> AtOrBelow(Int128 threshold)
    {
        var edge = BucketOf(threshold);
        foreach (var id in _nonEmpty.GetViewBetween(long.MinValue, edge))
        {
            var b = _buckets[id];
            for (var i = 0; i < b.Count; i++)
                if (id != edge || b.Keys[i] <= threshold) yield return b.Accounts[i].Id;
        }
    }
}
