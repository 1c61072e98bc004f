using Breakwater.Protocol.Events;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Outcome of applying one transaction: the events it emitted, or the reason it was refused. A value, so that applying
/// a trade allocates nothing: a trade's one event is held as fields and becomes an object only when
/// <see cref="Events"/> is read. <c>default</c> reads as accepted with no events.
/// </summary>
public readonly struct ApplyResult
{
    private readonly ProtocolEvent[]? _events;
    private readonly TradeSettledValue _trade;
    private readonly bool _isTrade;

    private ApplyResult(ProtocolEvent[]? events, in TradeSettledValue trade, bool isTrade, Rejection? rejection)
    {
        _events = events;
        _trade = trade;
        _isTrade = isTrade;
        Rejection = rejection;
    }

    /// <summary>
    /// Emitted events, in order (empty when rejected). For a trade the list and its event are built on each read, so read
    /// it once and keep it; the events are equal (records) from one read to the next.
    /// </summary>
    public IReadOnlyList<ProtocolEvent> Events => _isTrade ? [_trade.ToEvent()] : _events ?? [];

    /// <summary>The refusal, or null when accepted.</summary>
    public Rejection? Rejection { get; }

    /// <summary>True when the transaction applied.</summary>
    public bool Accepted => Rejection is null;

    internal static ApplyResult Ok(ProtocolEvent[] events) => new(events, default, false, null);

    internal static ApplyResult Ok(in TradeSettledValue trade) => new(null, trade, true, null);

    internal static ApplyResult Refused(Rejection r) => new(null, default, false, r);
}
