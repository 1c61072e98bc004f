using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Flash-loan round trip (high, level 2): an account deposits at least <see cref="MinDepositUsd"/>, trades, and
/// withdraws, all within <see cref="WindowSeconds"/> of the deposit — borrowed collateral used and repaid inside one
/// block or a few. Honest traders fund, hold and withdraw over hours; a round trip of seconds is the shape of every
/// flash-loan attack on a lending or perp protocol (bZx, February 2020; Cream, October 2021). One finding per round trip.
/// A protocol with a deposit-maturity window (<c>depositMaturitySeconds</c>) refuses the trade and the withdrawal, so the
/// round trip never completes and nothing is found: the defense, not the detector, handles it there.
/// </summary>
public sealed class FlashLoanDetector : IDetector
{
    /// <summary>Seconds from the deposit within which trade and withdrawal make a round trip. Default 60.</summary>
    public long WindowSeconds { get; init; } = 60;

    /// <summary>Smallest deposit that counts, USD. Default $100,000.</summary>
    public double MinDepositUsd { get; init; } = 100_000;

    private readonly Dictionary<long, (long Time, double Usd, bool Traded)> _open = new();

    /// <inheritdoc />
    public string Name => "flash-loan";

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => [IncidentClass.FlashLoan];

    private void MarkTraded(long account, long time)
    {
        if (_open.TryGetValue(account, out var o) && time - o.Time <= WindowSeconds) _open[account] = o with { Traded = true };
    }

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        switch (e)
        {
            case Deposited d when MarketBook.Dollars(d.Amount) >= MinDepositUsd:
                _open[d.Account] = (time, MarketBook.Dollars(d.Amount), false);
                break;
            case TradeSettled t:
                MarkTraded(t.Buyer, time);
                MarkTraded(t.Seller, time);
                break;
            case Withdrawn w when _open.TryGetValue(w.Account, out var o):
                _open.Remove(w.Account);
                if (o.Traded && time - o.Time <= WindowSeconds)
                    yield return new Finding(Name, "flash-loan", Severity.High, -1, time, time - o.Time, WindowSeconds, 2, $"flash-loan:{w.Account}:{o.Time}");
                break;
        }
        if (_open.Count > 10_000) foreach (var k in _open.Where(kv => time - kv.Value.Time > WindowSeconds).Select(kv => kv.Key).ToList()) _open.Remove(k);
    }
}
