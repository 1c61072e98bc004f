using Breakwater.Protocol.Markets;

namespace Breakwater.Protocol.Guards;

/// <summary>
/// The response level (0 normal … 4 critical) of one market with hysteresis: it rises to the target
/// at once, and falls one level at a time, only after the target has stayed below the current level
/// for that level's cooldown. So recovery is always staged: halted (3) → reduce-only (2) → elevated (1) → normal.
/// </summary>
public sealed class LadderState
{
    /// <summary>Current level, 0–4.</summary>
    public int Level { get; private set; }

    /// <summary>When the current level was entered (unix seconds).</summary>
    public long LevelSince { get; private set; }

    /// <summary>Last time the target level was at or above the current level (unix seconds).</summary>
    public long LastHeldAt { get; private set; }

    /// <summary>Trigger of the current level.</summary>
    public IncidentTrigger Trigger { get; private set; }

    /// <summary>Id of the open incident, 0 when none.</summary>
    public long IncidentId { get; internal set; }

    /// <summary>Cooldown (seconds) a level must be clear before stepping down from it.</summary>
    public static long Cooldown(int level, MarketParams p) => level switch
    {
        >= 3 => p.Breaker.HaltCooldownSeconds,
        2 => p.Breaker.ReduceOnlyCooldownSeconds,
        1 => p.Ladder.ElevatedCooldownSeconds,
        _ => 0,
    };

    /// <summary>When the current level lapses unless renewed (unix seconds).</summary>
    public long ExpiresAt(MarketParams p) => LastHeldAt + Cooldown(Level, p);

    /// <summary>
    /// Moves toward <paramref name="target"/>; returns the previous level when the level changed, else null.
    /// </summary>
    public int? Step(int target, IncidentTrigger trigger, long now, MarketParams p)
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
            if (target > 0) Trigger = trigger;
            return null;
        }
        if (now - LastHeldAt < Cooldown(Level, p)) return null;
        Level--;
        LevelSince = now;
        LastHeldAt = now;
        Trigger = Level == 0 ? IncidentTrigger.None : IncidentTrigger.Recovery;
        return previous;
    }

    /// <summary>The market status a level implies: ≥3 halted, 2 reduce-only, else active.</summary>
    public static MarketStatus StatusFor(int level) => level >= 3 ? MarketStatus.Halted : level == 2 ? MarketStatus.ReduceOnly : MarketStatus.Active;

    internal LadderState Clone() => (LadderState)MemberwiseClone();

    internal void Write(Hashing.CanonicalWriter w) => w.I32(Level).I64(LevelSince).I64(LastHeldAt).U8((byte)Trigger).I64(IncidentId);

    internal void Restore(Hashing.CanonicalReader r)
    {
        Level = r.I32(); LevelSince = r.I64(); LastHeldAt = r.I64(); Trigger = (IncidentTrigger)r.U8(); IncidentId = r.I64();
    }
}
