using System.Diagnostics;
using Breakwater.Lab.Replay;

namespace Breakwater.Server;

/// <summary>
/// Feeds a scenario into the node at a chosen speed: market time advances <c>speed</c> seconds per wall second
/// from the first report; the sequencer calls <see cref="Advance"/> between batches, so the replay's transactions
/// go through the same single writer as everyone else's.
/// </summary>
internal sealed class ReplayDriver(ReplayInput input, ReplayRunner runner, double speed)
{
    private readonly IEnumerator<long> _steps = runner.Steps().GetEnumerator();
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private int _next;
    private bool _done;

    /// <summary>Current market time, unix seconds.</summary>
    public long MarketTime { get; private set; } = input.GenesisTime;

    /// <summary>Share of reports replayed.</summary>
    public double Progress => _next / (double)input.Timeline.Count;

    /// <summary>Applies every step that is due by now.</summary>
    public void Advance()
    {
        if (_done) return;
        var target = input.Timeline[0].Time + (long)(_wall.Elapsed.TotalSeconds * speed);
        while (_next < input.Timeline.Count && input.Timeline[_next].Time <= target)
        {
            if (!_steps.MoveNext()) { _done = true; return; }
            MarketTime = _steps.Current;
            _next++;
        }
        if (_next >= input.Timeline.Count) _done = true;
    }
}
