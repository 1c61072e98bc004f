namespace Breakwater.Protocol.Engine;

/// <summary>
/// The accounts holding a position in one market, read in ascending account id (ADL ranks them, a settlement closes
/// them). A sorted array of ids, eight bytes a holder (a sorted tree costs a node each); joins and leaves between reads
/// are kept aside and merged into the array on the next read, or once they outnumber an eighth of the holders (so the
/// sets aside never grow to the size of the array: a market whose holders are never read would otherwise keep every
/// holder in a hash set, at three times the bytes), in O(holders + changes · log changes) amortized O(log changes) a
/// change. Membership is the positions' own: the caller adds an account when it opens a position in the market and
/// removes it when it closes.
/// </summary>
internal sealed class HolderSet
{
    private readonly HashSet<long> _joined = new();
    private readonly HashSet<long> _left = new();
    private long[] _ids = [];
    private int _count;

    /// <summary>Joins and leaves kept aside, not yet merged into the sorted array (for tests).</summary>
    internal int Pending => _joined.Count + _left.Count;

    /// <summary>Number of holders.</summary>
    public int Count => _count + _joined.Count - _left.Count;

    /// <summary>Records that an account that held no position in the market opened one.</summary>
    public void Add(long accountId)
    {
        // Left and came back before the next read: it is still in the sorted array.
        if (!_left.Remove(accountId) && _joined.Add(accountId) && _joined.Count > MergeAbove) Merge();
    }

    /// <summary>Records that an account holding a position in the market closed it.</summary>
    public void Remove(long accountId)
    {
        if (!_joined.Remove(accountId) && _left.Add(accountId) && _left.Count > MergeAbove) Merge();
    }

    // Changes kept aside before they are merged without a read.
    private int MergeAbove => 1_024 + _count / 8;

    /// <summary>Drops every holder.</summary>
    public void Clear()
    {
        _joined.Clear();
        _left.Clear();
        _count = 0;
    }

    /// <summary>The holders' ids in ascending order, as a new list.</summary>
    public List<long> Ids()
    {
        Merge();
        return [.. _ids.AsSpan(0, _count)];
    }

    private void Merge()
    {
        if (_left.Count > 0) CompactLeft();
        if (_joined.Count == 0) return;
        var wasLarge = _joined.Count > MergeAbove;
        var joinedIds = new long[_joined.Count];
        _joined.CopyTo(joinedIds);
        Array.Sort(joinedIds);
        var size = _count + joinedIds.Length;
        if (size > _ids.Length)
        {
            Array.Resize(ref _ids, Math.Max(size, Math.Max(16, 2 * _count)));
        }
        // Merged from the back, so no element not yet moved is overwritten.
        int i = _count - 1, j = joinedIds.Length - 1, k = size - 1;
        while (j >= 0)
        {
            _ids[k--] = i >= 0 && _ids[i] > joinedIds[j] ? _ids[i--] : joinedIds[j--];
        }
        _count = size;
        _joined.Clear();
        // A set that grew past the bound (a read after many joins) gives its capacity back.
        if (wasLarge) _joined.TrimExcess();
    }

    private void CompactLeft()
    {
        var w = 0;
        for (var r = 0; r < _count; r++)
        {
            if (!_left.Contains(_ids[r])) _ids[w++] = _ids[r];
        }
        var wasLarge = _left.Count > MergeAbove;
        _count = w;
        _left.Clear();
        if (wasLarge) _left.TrimExcess();
    }
}
