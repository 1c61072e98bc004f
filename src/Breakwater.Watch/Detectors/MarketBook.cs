using Breakwater.Protocol.Events;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Watch.Detectors;

/// <summary>What detectors need to know about markets from the stream: marks and open interest (from fills), in dollars.</summary>
public sealed class MarketBook
{
    private readonly Dictionary<int, double> _mark = new();
    private readonly Dictionary<(int Market, long Account), double> _positions = new();
    private readonly Dictionary<int, double> _openInterest = new();

    /// <summary>Updates from an event.</summary>
    public void Observe(ProtocolEvent e)
    {
        switch (e)
        {
            case MarketCreated c: _mark[c.Market] = Dollars(c.InitialPrice); break;
            case OracleUpdated o: _mark[o.Market] = Dollars(o.Mark); break;
            case TradeSettled t: Move(t.Market, t.Buyer, Units(t.Size)); Move(t.Market, t.Seller, -Units(t.Size)); break;
            case AutoDeleveraged a:
                var cpSide = _positions.GetValueOrDefault((a.Market, a.Counterparty)) > 0 ? -1 : 1;
                Move(a.Market, a.Counterparty, cpSide * Units(a.Size));
                Move(a.Market, a.Bankrupt, -cpSide * Units(a.Size));
                break;
            case Liquidated l:
                // The event reports the whole size closed; any part already deleveraged has left the account.
                var held = _positions.GetValueOrDefault((l.Market, l.Account));
                var closed = Math.Sign(Units(l.Size)) * Math.Min(Math.Abs(Units(l.Size)), Math.Abs(held));
                Move(l.Market, l.Account, -closed);
                Move(l.Market, l.Liquidator, closed);
                break;
        }
    }

    private void Move(int market, long account, double delta)
    {
        var before = _positions.GetValueOrDefault((market, account));
        var after = before + delta;
        _positions[(market, account)] = after;
        _openInterest[market] = _openInterest.GetValueOrDefault(market) + Math.Max(0, after) - Math.Max(0, before);
    }

    /// <summary>An account's position in a market, base units (negative = short).</summary>
    public double Position(int market, long account) => _positions.GetValueOrDefault((market, account));

    /// <summary>Open interest (the longs), base units.</summary>
    public double OpenInterest(int market) => _openInterest.GetValueOrDefault(market);

    /// <summary>Mark in dollars (0 when unknown).</summary>
    public double Mark(int market) => _mark.GetValueOrDefault(market);

    /// <summary>Open interest notional at mark, USD.</summary>
    public double OpenInterestUsd(int market) => _openInterest.GetValueOrDefault(market) * Mark(market);

    /// <summary>Price units to dollars.</summary>
    public static double Dollars(Price p) => p.Units / (double)Price.Scale;

    /// <summary>1e-6 USD amounts to dollars.</summary>
    public static double Dollars(Usd u) => u.Micros / (double)Usd.Scale;

    /// <summary>Size units to base units.</summary>
    public static double Units(Size s) => s.Units / (double)Size.Scale;
}
