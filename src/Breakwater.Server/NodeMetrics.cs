using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Server;

/// <summary>
/// Operator metrics in the Prometheus text exposition format (version 0.0.4): counters of applied and rejected
/// transactions, liquidations, ADL, halts and attestations; gauges read from the state; a request-latency histogram.
/// </summary>
public sealed class NodeMetrics
{
    private readonly ConcurrentDictionary<TxKind, long> _applied = new();
    private readonly ConcurrentDictionary<RejectReason, long> _rejected = new();
    private long _liquidations, _adl, _halts, _attestations, _incidents;
    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
    private readonly long[] _latencyCounts = new long[Buckets.Length + 1];
    private long _latencySumTicks;
    private long _latencyCount;

    /// <summary>Sequencer batches committed.</summary>
    public long Batches { get; set; }

    internal void Applied(TxKind kind) => _applied.AddOrUpdate(kind, 1, (_, v) => v + 1);

    internal void Rejected(RejectReason reason) => _rejected.AddOrUpdate(reason, 1, (_, v) => v + 1);

    internal void Observe(ProtocolEvent e)
    {
        switch (e)
        {
            case Liquidated: Interlocked.Increment(ref _liquidations); break;
            case AutoDeleveraged: Interlocked.Increment(ref _adl); break;
            case MarketStatusChanged { To: MarketStatus.Halted }: Interlocked.Increment(ref _halts); break;
            case AttestationRecorded: Interlocked.Increment(ref _attestations); break;
            case IncidentOpened: Interlocked.Increment(ref _incidents); break;
        }
    }

    /// <summary>Records one HTTP request's duration (lock-free: it runs on every request).</summary>
    public void Request(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var i = 0;
        while (i < Buckets.Length && seconds > Buckets[i]) i++;
        Interlocked.Increment(ref _latencyCounts[i]);
        Interlocked.Add(ref _latencySumTicks, elapsed.Ticks);
        Interlocked.Increment(ref _latencyCount);
    }

    /// <summary>Renders the exposition text; state gauges are read from <paramref name="node"/> under its lock.</summary>
    public string Render(Node node)
    {
        var sb = new StringBuilder();
        void Help(string name, string type, string help) => sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        string F(double v) => v.ToString("G17", CultureInfo.InvariantCulture);
        void Single(string name, string type, string help, string value)
        {
            Help(name, type, help);
            sb.Append(name).Append(' ').Append(value).Append('\n');
        }
        Help("breakwater_transactions_applied_total", "counter", "Transactions applied, by kind.");
        foreach (var (k, v) in _applied.OrderBy(x => x.Key)) sb.Append($"breakwater_transactions_applied_total{{kind=\"{k}\"}} {v}\n");
        Help("breakwater_transactions_rejected_total", "counter", "Transactions refused, by reason.");
        foreach (var (k, v) in _rejected.OrderBy(x => x.Key)) sb.Append($"breakwater_transactions_rejected_total{{reason=\"{k}\"}} {v}\n");
        Single("breakwater_liquidations_total", "counter", "Liquidations executed.", _liquidations.ToString(CultureInfo.InvariantCulture));
        Single("breakwater_adl_fills_total", "counter", "Auto-deleveraging fills.", _adl.ToString(CultureInfo.InvariantCulture));
        Single("breakwater_halts_total", "counter", "Times a market entered Halted.", _halts.ToString(CultureInfo.InvariantCulture));
        Single("breakwater_attestations_total", "counter", "Watcher attestations counted.", _attestations.ToString(CultureInfo.InvariantCulture));
        Single("breakwater_incidents_total", "counter", "Incidents opened.", _incidents.ToString(CultureInfo.InvariantCulture));
        lock (node.Sync)
        {
            var s = node.Engine.State;
            Single("breakwater_log_height", "gauge", "Transactions in the event log.", node.Engine.Height.ToString(CultureInfo.InvariantCulture));
            Single("breakwater_insurance_fund_usd", "gauge", "Insurance fund, USD.", F(s.InsuranceFund.Micros / 1e6));
            Single("breakwater_socialized_loss_usd", "gauge", "Cumulative socialized loss, USD.", F(s.SocializedLoss.Micros / 1e6));
            void PerMarket(string name, string help, Func<Market, string> value)
            {
                Help(name, "gauge", help);
                foreach (var m in s.Markets.Values) sb.Append(name).Append("{market=\"").Append(m.Symbol).Append("\"} ").Append(value(m)).Append('\n');
            }
            PerMarket("breakwater_market_level", "Response ladder level per market (0 normal … 4 critical).", m => ((int)m.Ladder.Level).ToString(CultureInfo.InvariantCulture));
            PerMarket("breakwater_market_oracle_validity", "Oracle validity grade per market (0 valid, 1 diverging, 2 too volatile, 3 insufficient sources, 4 stale).", m => ((int)m.Validity).ToString(CultureInfo.InvariantCulture));
            PerMarket("breakwater_market_margin_multiplier", "Effective margin multiplier per market.", m => F(m.MarginMultiplierPpm / 1e6));
        }
        Single("breakwater_sequencer_batches_total", "counter", "Batches committed by the sequencer.", Batches.ToString(CultureInfo.InvariantCulture));
        Help("breakwater_http_request_duration_seconds", "histogram", "HTTP request latency.");
        long cumulative = 0;
        for (var i = 0; i < Buckets.Length; i++)
        {
            cumulative += Interlocked.Read(ref _latencyCounts[i]);
            sb.Append($"breakwater_http_request_duration_seconds_bucket{{le=\"{F(Buckets[i])}\"}} {cumulative}\n");
        }
        cumulative += Interlocked.Read(ref _latencyCounts[^1]);
        sb.Append($"breakwater_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {cumulative}\n");
        sb.Append($"breakwater_http_request_duration_seconds_sum {F(TimeSpan.FromTicks(Interlocked.Read(ref _latencySumTicks)).TotalSeconds)}\n");
        sb.Append($"breakwater_http_request_duration_seconds_count {Interlocked.Read(ref _latencyCount)}\n");
        return sb.ToString();
    }
}
