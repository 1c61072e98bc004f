namespace Breakwater.Protocol.Oracle;

/// <summary>
/// The confirmed price as far as it has held for a whole confirmation window: it rises only to the lowest confirmed price
/// of the last window when every price of that window is above it, and falls only to the highest when every one is below
/// it. The volatility estimate behind the too-volatile band and the price band reads this price, not the mark.
/// </summary>
/// <remarks>
/// Why: moves inside the too-volatile band are confirmed at once by design, so one source alone can swing the mark back
/// and forth inside the band. Fed to the band's volatility estimate, such swings would raise σ and widen the band, so
/// the next spike would be confirmed at once — a volatility ratchet that costs the attacker a few minutes. Through this filter an excursion that comes back within the window moves nothing, however often it is
/// repeated; volatility counts only once a price has persisted for the window, the same cost of attack as confirmation.
/// A real move is seen by the estimate one window late (the filter of Maker's Oracle Security Module, whose delay is one
/// hour, applied to the band's estimate only). Dynamic margin keeps reading confirmed prices: the lab measured margin on
/// held prices as worse in a real crash (README, "volatility ratchet"). A confirmed jump (held for the window, or carried by a quorum of sources)
/// re-anchors the filter at once. Prices are 1e-8 USD; times unix seconds.
/// </remarks>
public sealed class HeldPrice
{
    private readonly Queue<(long Time, long Units)> _samples = new();

    /// <summary>The price that has held, 1e-8 USD.</summary>
    public long Units { get; private set; }

    /// <summary>Confirmed prices kept: the one in force at the window's start and every later one.</summary>
    public int Count => _samples.Count;

    // How many kept prices are at or below, and at or above, the held price: the held price can move only when one of
    // them is zero, so a report costs O(1) and the O(window) scan runs only when the price actually moves.
    internal int AtOrBelow { get; private set; }
    internal int AtOrAbove { get; private set; }

    /// <summary>Starts again from one price that is trusted as held (a listing price or a confirmed jump).</summary>
    public void Reset(long time, long units)
    {
        _samples.Clear();
        _samples.Enqueue((time, units));
        Units = units;
        AtOrBelow = AtOrAbove = 1;
    }

    /// <summary>
    /// Adds a confirmed price at <paramref name="time"/> and moves the held price as far as every price of the last
    /// <paramref name="windowSeconds"/> allows; with a zero window the price holds at once. Returns the held price.
    /// </summary>
    public long Observe(long time, long units, long windowSeconds)
    {
        if (windowSeconds <= 0)
        {
            Reset(time, units);
            return Units;
        }
        Add((time, units));
        var start = time - windowSeconds;
        // Keep the price in force at the window's start (the last one at or before it) and everything after it.
        while (_samples.Count > 1 && SecondTime() <= start) Remove(_samples.Dequeue());
        if (_samples.Peek().Time > start) return Units;
        if (AtOrBelow == 0) Move(_samples.Min(x => x.Units));
        else if (AtOrAbove == 0) Move(_samples.Max(x => x.Units));
        return Units;
    }

    private void Add((long Time, long Units) s)
    {
        _samples.Enqueue(s);
        if (s.Units <= Units) AtOrBelow++;
        if (s.Units >= Units) AtOrAbove++;
    }

    private void Remove((long Time, long Units) s)
    {
        if (s.Units <= Units) AtOrBelow--;
        if (s.Units >= Units) AtOrAbove--;
    }

    private void Move(long units)
    {
        Units = units;
        AtOrBelow = AtOrAbove = 0;
        foreach (var (_, u) in _samples)
        {
            if (u <= units) AtOrBelow++;
            if (u >= units) AtOrAbove++;
        }
    }

    private long SecondTime()
    {
        using var e = _samples.GetEnumerator();
        e.MoveNext();
        e.MoveNext();
        return e.Current.Time;
    }

    internal IEnumerable<(long Time, long Units)> Samples => _samples;

    /// <summary>Restores a snapshot's held price, its counters and its samples.</summary>
    internal void Restore(long units, int atOrBelow, int atOrAbove, IEnumerable<(long Time, long Units)> samples)
    {
        Units = units;
        AtOrBelow = atOrBelow;
        AtOrAbove = atOrAbove;
        _samples.Clear();
        foreach (var s in samples) _samples.Enqueue(s);
    }

    internal HeldPrice Clone()
    {
        var c = new HeldPrice { Units = Units, AtOrBelow = AtOrBelow, AtOrAbove = AtOrAbove };
        foreach (var s in _samples) c._samples.Enqueue(s);
        return c;
    }
}
