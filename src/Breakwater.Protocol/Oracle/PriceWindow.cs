namespace Breakwater.Protocol.Oracle;

/// <summary>
/// Rolling arithmetic average of index prices over a fixed time window (the reference price of the
/// price band and the too-volatile check). Integer sum, floor division.
/// </summary>
public sealed class PriceWindow
{
    private readonly Queue<(long Time, long Units)> _samples = new();
    private Int128 _sum;

    /// <summary>Samples currently in the window.</summary>
    public int Count => _samples.Count;

    /// <summary>Adds a sample at <paramref name="time"/> and drops samples older than <paramref name="windowSeconds"/>.</summary>
    public void Add(long time, long units, long windowSeconds)
    {
        _samples.Enqueue((time, units));
        _sum += units;
        while (_samples.Count > 0 && _samples.Peek().Time <= time - windowSeconds)
            _sum -= _samples.Dequeue().Units;
    }

    /// <summary>Drops every sample and starts again from one (a confirmed jump becomes the new reference).</summary>
    public void Reset(long time, long units)
    {
        _samples.Clear();
        _sum = 0;
        _samples.Enqueue((time, units));
        _sum = units;
    }

    /// <summary>Replaces the samples (a snapshot's restore); the sum is recomputed.</summary>
    internal void Restore(IEnumerable<(long Time, long Units)> samples)
    {
        _samples.Clear();
        _sum = 0;
        foreach (var s in samples) { _samples.Enqueue(s); _sum += s.Units; }
    }

    /// <summary>The average of the samples in the window (⌊Σ/n⌋), or 0 when empty.</summary>
    public long Average => _samples.Count == 0 ? 0 : (long)(_sum / _samples.Count);

    internal IEnumerable<(long Time, long Units)> Samples => _samples;

    internal PriceWindow Clone()
    {
        var c = new PriceWindow();
        foreach (var s in _samples) c._samples.Enqueue(s);
        c._sum = _sum;
        return c;
    }
}
