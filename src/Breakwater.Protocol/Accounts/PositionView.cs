using System.Diagnostics.CodeAnalysis;

namespace Breakwater.Protocol.Accounts;

/// <summary>An account's open positions as a read-only dictionary by market id, in ascending id; it reads the account live.</summary>
internal sealed class PositionView(Account account) : IReadOnlyDictionary<int, Position>
{
    public int Count => account.PositionCount;

    public Position this[int key] => account.PositionIn(key) ?? throw new KeyNotFoundException($"account {account.Id} holds no position in market {key}");

    public IEnumerable<int> Keys => Values.Select(p => p.MarketId);

    public IEnumerable<Position> Values
    {
        get
        {
            for (var i = 0; i < account.PositionCount; i++) yield return account.PositionAt(i);
        }
    }

    public bool ContainsKey(int key) => account.PositionIn(key) is not null;

    public bool TryGetValue(int key, [MaybeNullWhen(false)] out Position value)
    {
        value = account.PositionIn(key);
        return value is not null;
    }

    public IEnumerator<KeyValuePair<int, Position>> GetEnumerator()
    {
        foreach (var p in Values) yield return new(p.MarketId, p);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
