namespace Breakwater.Watch.Detectors;

/// <summary>The accounts that took out at least half of what they held within a sliding window, as a share of funded accounts.</summary>
internal sealed class RunnerWindow(long windowSeconds)
{
    private readonly Queue<(long Time, long Account)> _runners = new();
    private readonly Dictionary<long, int> _count = new();

    public double Share(long time, long account, bool ran, Dictionary<long, double> balances)
    {
        if (ran)
        {
            _runners.Enqueue((time, account));
            _count[account] = _count.GetValueOrDefault(account) + 1;
        }
        while (_runners.Count > 0 && _runners.Peek().Time <= time - windowSeconds)
        {
            var (_, gone) = _runners.Dequeue();
            if (--_count[gone] == 0) _count.Remove(gone);
        }
        var funded = balances.Count(kv => kv.Value > 0 || _count.ContainsKey(kv.Key));
        return funded == 0 ? 0 : _count.Count / (double)funded;
    }
}
