using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Guards;

/// <summary>
/// The market-wide circuit breaker, modelled on US equities' market-wide halts (S&amp;P 500 down 7 %, 13 %, 20 % from
/// the previous close: 15-minute halts, then closed for the day). Here the index is the open-interest-weighted value
/// of all markets against its value at the start of the UTC day; the three levels put every market at ladder level
/// 2 (reduce-only), 3 (halt) and 4 (critical halt). Crypto moves more than equities, so the defaults are wider.
/// </summary>
public sealed record MarketWideParams
{
    /// <summary>Decline that puts every market at level 2, high (reduce-only). Default 15 % (equities: 7 %); 0 = off.</summary>
    public Fraction HighDecline { get; init; } = Fraction.FromPercent(15);

    /// <summary>Decline that halts every market: level 3, severe. Default 25 % (equities: 13 %).</summary>
    public Fraction SevereDecline { get; init; } = Fraction.FromPercent(25);

    /// <summary>Decline that puts every market at level 4, critical. Default 35 % (equities: 20 %).</summary>
    public Fraction CriticalDecline { get; init; } = Fraction.FromPercent(35);

    /// <summary>
    /// Share of the insurance fund moved into the timelocked liquidity vault when any market reaches the critical level
    /// (4), or when the council triggers the migration early. Default 50 %: half the fund leaves the reach of an exploit
    /// that manufactures bad debt, half stays to cover real liquidations. 0 = no migration.
    /// </summary>
    public Fraction MigrationShare { get; init; } = Fraction.FromPercent(50);

    /// <summary>How long migrated liquidity stays locked, seconds (the DAO can release it only after). Default 7 days.</summary>
    public long VaultLockSeconds { get; init; } = 7 * 86_400;

    /// <summary>Off: no market-wide breaker and no liquidity migration.</summary>
    public static readonly MarketWideParams Off = new() { HighDecline = Fraction.Zero, SevereDecline = Fraction.Zero, CriticalDecline = Fraction.Zero, MigrationShare = Fraction.Zero };

    /// <summary>True when any level is set.</summary>
    public bool Enabled => HighDecline.Ppm > 0;

    /// <summary>Returns the first problem or null.</summary>
    public string? Validate() => HighDecline.Ppm < 0 || SevereDecline < HighDecline || CriticalDecline < SevereDecline || CriticalDecline.Ppm >= Fraction.Scale
        ? "market-wide declines must satisfy 0 ≤ high ≤ severe ≤ critical < 100 %"
        : MigrationShare.Ppm is < 0 or > Fraction.Scale ? "migration share must be in [0, 100 %]"
        : VaultLockSeconds is < 0 or > 90 * 86_400 ? "vault lock must be in [0, 90 days]" : null;

    /// <summary>The decline that triggers <paramref name="level"/> (high, severe or critical); zero for any other level.</summary>
    public Fraction DeclineFor(ResponseLevel level) => level switch
    {
        ResponseLevel.High => HighDecline,
        ResponseLevel.Severe => SevereDecline,
        ResponseLevel.Critical => CriticalDecline,
        _ => Fraction.Zero,
    };

    /// <summary>The ladder level a decline (ppm) calls for.</summary>
    public ResponseLevel LevelFor(long declinePpm) => !Enabled ? ResponseLevel.Normal
        : declinePpm >= CriticalDecline.Ppm ? ResponseLevel.Critical
        : declinePpm >= SevereDecline.Ppm ? ResponseLevel.Severe
        : declinePpm >= HighDecline.Ppm ? ResponseLevel.High : ResponseLevel.Normal;

    /// <summary>The fields in encoding order, with the names a policy sets them by (<c>marketWide.*</c>).</summary>
    public static readonly Markets.ParamSchema<MarketWideParams> Schema = new(
    [
        new("marketWide.highDecline", Markets.ParamUnit.Fraction, Markets.ParamEncoding.I64, p => p.HighDecline.Ppm, (p, v) => p with { HighDecline = new Fraction(v) }),
        new("marketWide.severeDecline", Markets.ParamUnit.Fraction, Markets.ParamEncoding.I64, p => p.SevereDecline.Ppm, (p, v) => p with { SevereDecline = new Fraction(v) }),
        new("marketWide.criticalDecline", Markets.ParamUnit.Fraction, Markets.ParamEncoding.I64, p => p.CriticalDecline.Ppm, (p, v) => p with { CriticalDecline = new Fraction(v) }),
        new("marketWide.migrationShare", Markets.ParamUnit.Fraction, Markets.ParamEncoding.I64, p => p.MigrationShare.Ppm, (p, v) => p with { MigrationShare = new Fraction(v) }),
        new("marketWide.vaultLockSeconds", Markets.ParamUnit.Count, Markets.ParamEncoding.I64, p => p.VaultLockSeconds, (p, v) => p with { VaultLockSeconds = v }),
    ], () => new MarketWideParams());

    /// <summary>Writes the canonical encoding (<see cref="Schema"/>).</summary>
    public void Write(CanonicalWriter w) => Schema.Write(w, this);

    /// <summary>Reads the canonical encoding (<see cref="Schema"/>).</summary>
    /// <exception cref="FormatException">truncated data.</exception>
    public static MarketWideParams Read(CanonicalReader r) => Schema.Read(r);
}
