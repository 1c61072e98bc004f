using Breakwater.Protocol.Accounts;

namespace Breakwater.Protocol.Liquidation;

/// <summary>
/// Accounts keyed by a 128-bit liquidation key, for one market and side: the keys are grouped into buckets of about
/// 1/4096 of their magnitude (a floating-point-like split of the key into its bit length and 12 bits below the top), the
/// buckets kept in order. Adding or removing an account is a hash lookup and an array write; only a new bucket, or
/// pruning the emptied ones, touches the ordered set. A range query walks the buckets beyond the threshold's and
/// compares keys only in the threshold's own bucket. Iteration order inside a bucket is slot order, and a removal's
/// slot is reused: callers that need an order sort what they collect.
/// </summary>
internal sealed class KeyBuckets
{
    private const int MantissaBits = 12;
    private const int ExactBelowBits = MantissaBits + 1;

    // A key and its account side by side: removing or rewriting a slot touches one cache line, not one in each of two
    // arrays (at 1,000,000 accounts a slot is a cache miss either way).
    // The key as two halves: an Int128 field is 16-byte aligned, which would pad the entry from 24 to 32 bytes.
    private struct Entry
    {
        public Account Account;
        public ulong KeyLower;
        public ulong KeyUpper;

        public Int128 Key
        {
            readonly get => new(KeyUpper, KeyLower);
            // The two's-complement halves, bit for bit (a checked conversion would refuse a negative key).
            set => (KeyUpper, KeyLower) = (unchecked((ulong)(value >> 64)), unchecked((ulong)value));
        }
    }

    // A removal leaves a hole (no account) instead of moving the last entry into the slot: moving it would also rewrite
    // that account's slot, a cache miss on an unrelated account on every re-index at a million accounts. Holes are
    // chained through their KeyLower and filled first, so Count — the slots in use or holed — never exceeds the most
    // entries the bucket held at once, and a query walks no more than that.
    private sealed class Bucket
    {
        public Entry[] Entries = new Entry[4];
        public int Count;
        public int Live;
        public int FirstHole = -1;
    }

    // Buckets in key order. A bucket that empties stays listed (queries skip it) until the empty ones outnumber the rest:
    // an account whose key moves back and forth across buckets — a market maker with a large balance re-indexed on every
    // fill — then costs no ordered-set operation per move.
    private readonly Dictionary<int, Bucket> _buckets = new();

    // Bucket ids, ascending. A sorted list rather than a tree: a query walks it from a binary search without allocating
    // (a tree's range view allocates the view and its enumerator's stack), and buckets are listed and pruned rarely.
    private readonly List<int> _ordered = [];
    private int _emptyListed;

    /// <summary>Buckets listed in order (non-empty ones, plus emptied ones not yet pruned); for tests.</summary>
    internal int ListedBuckets => _ordered.Count;

    /// <summary>
    /// The bucket of a key: a non-decreasing function of it. Keys below 2¹³ in magnitude are their own bucket; above,
    /// the bit length and the next 12 bits, so a bucket spans at most 1/4096 of its keys' magnitude.
    /// </summary>
    public static int BucketOf(Int128 key)
    {
        if (key < 0) return -BucketOf(key == Int128.MinValue ? Int128.MaxValue : -key) - 1;
        var bits = 128 - (int)Int128.LeadingZeroCount(key);
        if (bits <= ExactBelowBits) return (int)key;
        var mantissa = (int)(key >> (bits - ExactBelowBits)) & ((1 << MantissaBits) - 1);
        return (bits << MantissaBits) | mantissa;
    }

    /// <summary>Adds an account under <paramref name="key"/>; returns its bucket and slot, which <see cref="Remove"/> needs.</summary>
    public (int Bucket, int Slot) Add(Int128 key, Account account)
    {
        var id = BucketOf(key);
        if (!_buckets.TryGetValue(id, out var b))
        {
            _buckets[id] = b = new Bucket();
            _ordered.Insert(~_ordered.BinarySearch(id), id);
        }
        else if (b.Live == 0) _emptyListed--;
        b.Live++;
        int slot;
        if (b.FirstHole >= 0)
        {
            slot = b.FirstHole;
            b.FirstHole = unchecked((int)b.Entries[slot].KeyLower);
        }
        else
        {
            if (b.Count == b.Entries.Length) Array.Resize(ref b.Entries, b.Count * 2);
            slot = b.Count++;
        }
        b.Entries[slot] = new Entry { Key = key, Account = account };
        return (id, slot);
    }

    /// <summary>
    /// Replaces the key of the entry at <paramref name="slot"/> of <paramref name="bucket"/> when the new key falls in the
    /// same bucket (true); otherwise changes nothing (false), and the caller removes and adds.
    /// </summary>
    public bool TrySetKey(int bucket, int slot, Int128 key)
    {
        if (BucketOf(key) != bucket) return false;
        _buckets[bucket].Entries[slot].Key = key;
        return true;
    }

    /// <summary>Removes the entry at <paramref name="slot"/> of <paramref name="bucket"/>; no other entry moves.</summary>
    public void Remove(int bucket, int slot)
    {
        var b = _buckets[bucket];
        if (--b.Live == 0)
        {
            // Emptied: every slot is free again, the array is kept for the next account.
            Array.Clear(b.Entries, 0, b.Count);
            b.Count = 0;
            b.FirstHole = -1;
            if (++_emptyListed > 16 && _emptyListed > _ordered.Count / 2) PruneEmpty();
            return;
        }
        b.Entries[slot] = new Entry { KeyLower = unchecked((ulong)b.FirstHole) };
        b.FirstHole = slot;
    }

    private void PruneEmpty()
    {
        _ordered.RemoveAll(id => _buckets[id].Live == 0);
        foreach (var (id, b) in _buckets)
            if (b.Live == 0) _buckets.Remove(id);
        _emptyListed = 0;
    }

    /// <summary>Appends the accounts with key ≥ <paramref name="threshold"/> to <paramref name="into"/>, in bucket order.</summary>
    public void AtOrAbove(Int128 threshold, List<long> into)
    {
        var edge = BucketOf(threshold);
        var at = _ordered.BinarySearch(edge);
        Collect(at < 0 ? ~at : at, _ordered.Count, edge, threshold, above: true, into);
    }

    /// <summary>Appends the accounts with key ≤ <paramref name="threshold"/> to <paramref name="into"/>, in bucket order.</summary>
    public void AtOrBelow(Int128 threshold, List<long> into)
    {
        var edge = BucketOf(threshold);
        var at = _ordered.BinarySearch(edge);
        Collect(0, at < 0 ? ~at : at + 1, edge, threshold, above: false, into);
    }

    /// <summary>
    /// Appends the accounts of the listed buckets <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive);
    /// in the threshold's own bucket <paramref name="edge"/>, only keys at or beyond the threshold on the query's side.
    /// </summary>
    private void Collect(int from, int to, int edge, Int128 threshold, bool above, List<long> into)
    {
        for (var k = from; k < to; k++)
        {
            var id = _ordered[k];
            var b = _buckets[id];
            for (var i = 0; i < b.Count; i++)
                if (b.Entries[i].Account is { } a && (id != edge || (above ? b.Entries[i].Key >= threshold : b.Entries[i].Key <= threshold)))
                    into.Add(a.Id);
        }
    }
}
