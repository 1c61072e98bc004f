using Breakwater.Protocol.Markets;

namespace Breakwater.Protocol.Guards;

/// <summary>
/// The response level (normal … critical) of one market with hysteresis: it rises to the target
/// at once, and falls one level at a time, only after the target has stayed below the current level
/// for that level's cooldown. So recovery is always staged: severe (halted) → high (reduce-only) → elevated → normal.
/// </summary>
public sealed class LadderState
{
    /// <summary>Current level.</summary>
    public ResponseLevel Level { get; private set; }

    /// <summary>When the current level was entered (unix seconds).</summary>
    public long LevelSince { get; private set; }

    /// <summary>Last time the target level was at or above the current level (unix seconds).</summary>
    public long LastHeldAt { get; private set; }

    /// <summary>Trigger of the current level.</summary>
    public IncidentTrigger Trigger { get; private set; }

    /// <summary>Id of the open incident, 0 when none.</summary>
    public long IncidentId { get; internal set; }

    /// <summary>Cooldown (seconds) a level must be clear before stepping down from it.</summary>
    public static long Cooldown(ResponseLevel level, MarketParams p) => level switch
    {
        >= ResponseLevel.Severe => p.Breaker.HaltCooldownSeconds,
        ResponseLevel.High => p.Breaker.ReduceOnlyCooldownSeconds,
        ResponseLevel.Elevated => p.Ladder.ElevatedCooldownSeconds,
        _ => 0,
    };

    /// <summary>When the current level lapses unless renewed (unix seconds).</summary>
    public long ExpiresAt(MarketParams p) => LastHeldAt + Cooldown(Level, p);

    /// <summary>
    /// Moves toward <paramref name="target"/>; returns the previous level when the level changed, else null.
    /// </summary>
    public ResponseLevel? Step(ResponseLevel target, IncidentTrigger trigger, long now, MarketParams p)
    {
        var previous = Level;
        if (target > Level)
        {
            Level = target;
            LevelSince = now;
            LastHeldAt = now;
            Trigger = trigger;
            return previous;
        }
        if (target == Level)
        {
            LastHeldAt = now;
            if (target > ResponseLevel.Normal) Trigger = trigger;
            return null;
        }
        if (now - LastHeldAt < Cooldown(Level, p)) return null;
        Level--;
        LevelSince = now;
        LastHeldAt = now;
        Trigger = Level == ResponseLevel.Normal ? IncidentTrigger.None : IncidentTrigger.Recovery;
        return previous;
    }

    /// <summary>The market status a level implies: severe and critical halted, high reduce-only, else active.</summary>
    public static MarketStatus StatusFor(ResponseLevel level)
        => level >= ResponseLevel.Severe ? MarketStatus.Halted : level == ResponseLevel.High ? MarketStatus.ReduceOnly : MarketStatus.Active;

    internal LadderState Clone() => (LadderState)MemberwiseClone();

    internal void Write(Hashing.CanonicalWriter w) => w.I32((int)Level).I64(LevelSince).I64(LastHeldAt).U8((byte)Trigger).I64(IncidentId);

    internal void Restore(Hashing.CanonicalReader r)
    {
        Level = ResponseLevels.Read(r); LevelSince = r.I64(); LastHeldAt = r.I64(); Trigger = (IncidentTrigger)r.U8(); IncidentId = r.I64();
    }
}
