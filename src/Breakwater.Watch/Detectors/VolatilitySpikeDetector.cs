using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Realized-volatility spike: every <see cref="SampleSeconds"/> the index return r is sampled; an EWMA (λ) of r and
/// r² gives μ and σ; a sample with z = |r − μ| / σ above <see cref="ZThreshold"/> and |r| above <see cref="MinMove"/>
/// is a finding (level 1: raise margin). The first <see cref="Warmup"/> samples only train. The averages are
/// bias-corrected (divided by 1 − λⁿ after n samples, as Adam corrects its moment estimates: Kingma and Ba, 2015),
/// so a few samples already give an unbiased σ — which a feed with a 24-hour heartbeat needs: it gives one sample a
/// day, and uncorrected averages that start at zero would take a month to grow out of their low start.
/// </summary>
public sealed class VolatilitySpikeDetector : IDetector
{
    /// <summary>Seconds between samples. Default 60.</summary>
    public long SampleSeconds { get; init; } = 60;
    /// <summary>EWMA decay. Default 0.97.</summary>
    public double Lambda { get; init; } = 0.97;
    /// <summary>z-score threshold. Default 6.</summary>
    public double ZThreshold { get; init; } = 6;
    /// <summary>Smallest absolute return that counts. Default 2 % per sample.</summary>
    public double MinMove { get; init; } = 0.02;
    /// <summary>
    /// Training samples. Default 12: with the bias correction, σ from 12 returns is within about ±20 % (one standard
    /// error, 1/√(2n)), which the z threshold of 6 absorbs; and a daily feed is watched after 12 days rather than 30.
    /// </summary>
    public int Warmup { get; init; } = 12;

    private readonly Dictionary<int, (long T, double P, double Mu, double M2, int N)> _s = new();

    /// <inheritdoc />
    public string Name => "volatility";

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => [IncidentClass.Crash, IncidentClass.PriceJump];

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        if (e is not OracleUpdated o || o.Index.Units <= 0) yield break;
        var p = MarketBook.Dollars(o.Index);
        if (!_s.TryGetValue(o.Market, out var st)) { _s[o.Market] = (time, p, 0, 0, 0); yield break; }
        if (time - st.T < SampleSeconds) yield break;
        var r = Math.Log(p / st.P);
        var weight = 1 - Math.Pow(Lambda, st.N);
        var mu = st.N == 0 ? 0 : st.Mu / weight;
        var sigma = st.N == 0 ? 1e-6 : Math.Sqrt(Math.Max(st.M2 / weight - mu * mu, 1e-12));
        var z = Math.Abs(r - mu) / sigma;
        if (st.N >= Warmup && z > ZThreshold && Math.Abs(r) > MinMove)
            yield return new Finding(Name, "volatility-spike", Severity.High, o.Market, time, z, ZThreshold, 1, $"vol:{o.Market}:{time / 3600}");
        _s[o.Market] = (time, p, Lambda * st.Mu + (1 - Lambda) * r, Lambda * st.M2 + (1 - Lambda) * r * r, st.N + 1);
    }
}
