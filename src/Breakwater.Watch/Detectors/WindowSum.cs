namespace Breakwater.Watch.Detectors;

/// <summary>A sum over a sliding window of market time.</summary>
internal sealed class WindowSum(long seconds)
{
    private readonly Queue<(long T, double V)> _items = new();
    public double Sum { get; private set; }

    public double Add(long time, double value)
    {
        _items.Enqueue((time, value));
        Sum += value;
        return Trim(time);
    }

    public double Trim(long time)
    {
        while (_items.Count > 0 && _items.Peek().T <= time - seconds) Sum -= _items.Dequeue().V;
        return Sum;
    }
}
