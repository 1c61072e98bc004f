using Breakwater.Protocol.Accounts;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// The accounts holding a position in one market, read in ascending account id. Funding walks every holder every
/// interval, so reading is a walk over two parallel arrays (ids and the accounts themselves: no tree node and no
/// dictionary lookup per holder); joins and leaves between walks are kept aside and merged into the sorted arrays on
/// the next read, in O(holders + changes · log changes).
/// </summary>
internal sealed class HolderSet
{
    private readonly HashSet<long> _members = new();
    private readonly Dictionary<long, Account> _joined = new();
    private readonly HashSet<long> _left = new();
    private long[] _ids = [];
    private Account[] _accounts = [];
    private int _count;

    /// <summary>Number of holders.</summary>
    public int Count => _members.Count;

    /// <summary>Whether the account holds a position in the market.</summary>
    public bool Contains(long accountId) => _members.Contains(accountId);

    /// <summary>Records that the account holds a position (no-op when it already does).</summary>
    public void Add(Account account)
    {
        if (!_members.Add(account.Id)) return;
        // Left and came back before the next read: it is still in the sorted arrays.
        if (!_left.Remove(account.Id)) _joined.Add(account.Id, account);
    }

    /// <summary>Records that the account no longer holds a position (no-op when it did not).</summary>
    public void Remove(long accountId)
    {
        if (!_members.Remove(accountId)) return;
        if (!_joined.Remove(accountId)) _left.Add(accountId);
    }

    /// <summary>Drops every holder.</summary>
    public void Clear()
    {
        _members.Clear();
        _joined.Clear();
        _left.Clear();
        Array.Clear(_accounts, 0, _count);
        _count = 0;
    }

    /// <summary>The holders in ascending id. Valid until the set next changes; copy it to change the set while walking.</summary>
    public ReadOnlySpan<Account> Accounts
    {
        get
        {
            Merge();
            return _accounts.AsSpan(0, _count);
        }
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
        var joinedIds = new long[_joined.Count];
        _joined.Keys.CopyTo(joinedIds, 0);
        Array.Sort(joinedIds);
        var size = _count + joinedIds.Length;
        if (size > _ids.Length)
        {
            var capacity = Math.Max(size, Math.Max(16, 2 * _count));
            Array.Resize(ref _ids, capacity);
            Array.Resize(ref _accounts, capacity);
        }
        // Merged from the back, so no element not yet moved is overwritten.
        int i = _count - 1, j = joinedIds.Length - 1, k = size - 1;
        while (j >= 0)
        {
            if (i >= 0 && _ids[i] > joinedIds[j]) { _ids[k] = _ids[i]; _accounts[k--] = _accounts[i--]; }
            else { _ids[k] = joinedIds[j]; _accounts[k--] = _joined[joinedIds[j--]]; }
        }
        _count = size;
        _joined.Clear();
    }

    private void CompactLeft()
    {
        var w = 0;
        for (var r = 0; r < _count; r++)
        {
            if (_left.Contains(_ids[r])) continue;
            _ids[w] = _ids[r];
            _accounts[w++] = _accounts[r];
        }
        Array.Clear(_accounts, w, _count - w);
        _count = w;
        _left.Clear();
    }
}
