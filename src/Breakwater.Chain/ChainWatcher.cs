using System.Numerics;
using System.Text;
using Breakwater.Crypto;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Watch.Detectors;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace Breakwater.Chain;

/// <summary>
/// One watcher over a guarded market on a chain. Follows blocks (<see cref="ChainFollower"/>), turns the market's logs
/// into the detectors' events (market time = the block's timestamp): <c>PriceUpdated</c> → <see cref="OracleUpdated"/>,
/// <c>PositionChanged</c> → <see cref="TradeSettled"/> against the market itself (account 0; traders are numbered from 1
/// in the order first seen), <c>Liquidated</c> → <see cref="Liquidated"/>; and submits this watcher's signed attestation
/// to the guard for every finding that asks for a level. On a reorg the detectors are rebuilt and fed again from the blocks
/// still on the chain. An incident is attested at most once by this watcher: before sending, the guard is asked whether
/// this watcher's attestation of it is already recorded (<c>attestedAt</c>), and the signed message is deterministic
/// (nonce = evidence time, expiry = evidence time + 900 s), so a resubmission could only be refused as replayed.
/// </summary>
public sealed class ChainWatcher
{
    private static readonly string PriceUpdatedTopic = Topic("PriceUpdated(uint256,uint256)");
    private static readonly string PositionChangedTopic = Topic("PositionChanged(address,int256,int256,uint256)");
    private static readonly string LiquidatedTopic = Topic("Liquidated(address,address,int256,uint256,int256)");

    private readonly Web3 _web3;
    private readonly GuardClient _guard;
    private readonly KeyFile _key;
    private readonly Address _market;
    private readonly int _marketId;
    private readonly Func<IReadOnlyList<IDetector>> _detectorFactory;
    private readonly ChainFollower _follower;
    private readonly TextWriter _log;
    private readonly List<(long Block, long Time, ProtocolEvent Event)> _history = [];
    private readonly Dictionary<string, long> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, long> _sizes = new();
    private IReadOnlyList<IDetector> _detectors;
    private readonly long _actionSeconds;

    /// <param name="rpcUrl">JSON-RPC URL.</param>
    /// <param name="guard">The guard (its client carries the chain id and this watcher as sender).</param>
    /// <param name="key">This watcher's key: signs attestations and pays for them.</param>
    /// <param name="market">The guarded market contract.</param>
    /// <param name="marketId">The market's id at the guard.</param>
    /// <param name="detectors">Builds a fresh detector set (called again after a reorg).</param>
    /// <param name="confirmations">Blocks on top before a block is read.</param>
    /// <param name="startBlock">First block to read.</param>
    /// <param name="log">Where each finding and attestation is written.</param>
    /// <param name="actionSeconds">How long an attested level should hold (the guard caps it at its maximum).</param>
    public ChainWatcher(string rpcUrl, GuardClient guard, KeyFile key, Address market, int marketId, Func<IReadOnlyList<IDetector>> detectors,
        int confirmations, long startBlock, TextWriter log, long actionSeconds = 900)
    {
        _actionSeconds = actionSeconds;
        _web3 = new Web3(rpcUrl);
        _guard = guard;
        _key = key;
        _market = market;
        _marketId = marketId;
        _detectorFactory = detectors;
        _detectors = detectors();
        _follower = new ChainFollower(_web3, confirmations, startBlock);
        _log = log;
    }

    /// <summary>Attestations this watcher sent.</summary>
    public int Attested { get; private set; }

    /// <summary>Blocks rewound by reorgs so far.</summary>
    public int Rewound { get; private set; }

    /// <summary>Oracle updates read, position changes and liquidations seen (on the blocks now on the chain).</summary>
    public (int Prices, int Positions, int Liquidations) Seen { get; private set; }

    /// <summary>Gas used by each attestation this watcher sent.</summary>
    public List<long> AttestationGas { get; } = [];

    /// <summary>The next block to read.</summary>
    public long NextBlock => _follower.Next;

    /// <summary>Polls until cancelled, every <paramref name="interval"/>.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            await PollAsync(cancel);
            try { await Task.Delay(interval, cancel); } catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>One poll: handles a reorg, reads the new blocks' logs, attests what the detectors find.</summary>
    public async Task PollAsync(CancellationToken cancel = default)
    {
        var (rewound, blocks) = await _follower.PollAsync(cancel);
        if (rewound > 0)
        {
            Rewound += rewound;
            var keep = _follower.Next;
            _history.RemoveAll(h => h.Block >= keep);
            _detectors = _detectorFactory();
            _sizes.Clear();
            foreach (var (_, _, e) in _history) Track(e);
            await _log.WriteLineAsync($"reorg: rewound {rewound} block(s) to {keep - 1}; detectors rebuilt from {_history.Count} retained event(s)");
            // Findings while re-feeding are about evidence already seen; the attested-once check below covers them.
            foreach (var (_, time, e) in _history) await ObserveAsync(time, e, replaying: true, cancel);
        }
        foreach (var b in blocks)
        {
            var logs = await _web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
            {
                FromBlock = new BlockParameter(new HexBigInteger(b.Number)), ToBlock = new BlockParameter(new HexBigInteger(b.Number)), Address = [_market.Hex],
            });
            foreach (var l in logs)
            {
                if (l.BlockHash != b.Hash) return; // reorged between the two calls: the next poll rewinds
                var topic = l.Topics[0].ToString();
                var data = Hex.Parse(l.Data);
                ProtocolEvent? e = null;
                if (topic == PriceUpdatedTopic)
                {
                    var p = PriceOf(data, 0);
                    e = new OracleUpdated(_marketId, 0, p, p, p, OracleValidity.Valid, 1, 0);
                    Seen = Seen with { Prices = Seen.Prices + 1 };
                }
                else if (topic == PositionChangedTopic)
                {
                    var trader = Account(l.Topics[1].ToString()!);
                    var delta = Word(data, 0) - _sizes.GetValueOrDefault(trader);
                    if (delta != 0)
                        e = new TradeSettled(_marketId, delta > 0 ? trader : 0, delta > 0 ? 0 : trader, SizeOf(BigInteger.Abs(delta)), PriceOf(data, 2), Usd.Zero, Usd.Zero);
                    Seen = Seen with { Positions = Seen.Positions + 1 };
                }
                else if (topic == LiquidatedTopic)
                {
                    var price = PriceOf(data, 1);
                    e = new Liquidated(Account(l.Topics[1].ToString()!), _marketId, Account(l.Topics[2].ToString()!), SizeOf(Word(data, 0)), price, price, price, Usd.Zero, true);
                    Seen = Seen with { Liquidations = Seen.Liquidations + 1 };
                }
                if (e is null) continue;
                Track(e);
                _history.Add((b.Number, b.Timestamp, e));
                await ObserveAsync(b.Timestamp, e, replaying: false, cancel);
            }
        }
    }

    /// <summary>Keeps each trader's size (to turn a new size into a fill), from the events made of the logs.</summary>
    private void Track(ProtocolEvent e)
    {
        switch (e)
        {
            case TradeSettled t when t.Buyer != 0: _sizes[t.Buyer] = _sizes.GetValueOrDefault(t.Buyer) + ToChainUnits(t.Size); break;
            case TradeSettled t: _sizes[t.Seller] = _sizes.GetValueOrDefault(t.Seller) - ToChainUnits(t.Size); break;
            case Liquidated x: _sizes[x.Account] = 0; break;
        }
    }

    private long Account(string topic)
    {
        var address = "0x" + topic[^40..];
        if (!_accounts.TryGetValue(address, out var id)) _accounts[address] = id = _accounts.Count + 1;
        return id;
    }

    // The demo market's units: prices USD × 1e6, sizes units × 1e6 (signed int256 words); the core's are 1e8 for both.
    private static BigInteger Word(byte[] data, int index) => new(data.AsSpan(32 * index, 32), isUnsigned: false, isBigEndian: true);

    private static Price PriceOf(byte[] data, int index) => new(checked((long)Word(data, index) * (Price.Scale / 1_000_000)));

    private static Size SizeOf(BigInteger chainUnits) => new(checked((long)chainUnits * (Size.Scale / 1_000_000)));

    private static long ToChainUnits(Size s) => s.Units / (Size.Scale / 1_000_000);

    private async Task ObserveAsync(long time, ProtocolEvent e, bool replaying, CancellationToken cancel)
    {
        foreach (var d in _detectors)
            foreach (var f in d.Observe(time, e).ToList())
            {
                if (f.Level <= 0) continue;
                var m = new AttestationMessage(_marketId, f.Level, Keccak.Hash(Encoding.UTF8.GetBytes(f.Incident)), _actionSeconds, f.Time, f.Time + 900);
                if (await _guard.AttestedAtAsync(m.Market, m.Level, m.Incident, _key.Address) > 0)
                {
                    if (!replaying) await _log.WriteLineAsync($"{f.Detector} {f.Type} at {f.Time}: already attested {f.Incident}");
                    continue;
                }
                try
                {
                    var receipt = await _guard.AttestAsync(m, _guard.Sign(_key, m), cancel);
                    Attested++;
                    AttestationGas.Add((long)receipt.GasUsed.Value);
                    await _log.WriteLineAsync($"{f.Detector} {f.Type} market {f.Market} value {f.Value:G4} > {f.Threshold:G4}: attested level {m.Level} for {f.Incident} in block {receipt.BlockNumber.Value} (gas {receipt.GasUsed.Value})");
                }
                catch (ChainRevertException x)
                {
                    await _log.WriteLineAsync($"{f.Detector} {f.Type} at {f.Time}: the guard refused the attestation: {x.Error} ({x.Message})");
                }
            }
    }

    private static string Topic(string signature) => Hex.Format(Keccak.Hash(Encoding.UTF8.GetBytes(signature)));
}
