using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Realized-volatility spike: every <see cref="SampleSeconds"/> the index return r is sampled; an EWMA (λ) of r and
/// r² gives μ and σ; a sample with z = |r − μ| / σ above <see cref="ZThreshold"/> and |r| above <see cref="MinMove"/>
/// is a finding (level 1: raise margin). The first <see cref="Warmup"/> samples only train.
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
    /// <summary>Training samples. Default 30.</summary>
    public int Warmup { get; init; } = 30;

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
        var sigma = Math.Sqrt(Math.Max(st.M2 - st.Mu * st.Mu, 1e-12));
        var z = Math.Abs(r - st.Mu) / sigma;
        if (st.N >= Warmup && z > ZThreshold && Math.Abs(r) > MinMove)
            yield return new Finding(Name, "volatility-spike", Severity.High, o.Market, time, z, ZThreshold, 1, $"vol:{o.Market}:{time / 3600}");
        _s[o.Market] = (time, p, Lambda * st.Mu + (1 - Lambda) * r, Lambda * st.M2 + (1 - Lambda) * r * r, st.N + 1);
    }
}
