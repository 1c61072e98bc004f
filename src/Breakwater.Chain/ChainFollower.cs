using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace Breakwater.Chain;

/// <summary>A block the follower has taken: number, hash, parent hash (0x-hex) and timestamp (unix s).</summary>
public sealed record ChainBlock(long Number, string Hash, string ParentHash, long Timestamp);

/// <summary>
/// Follows a chain's blocks <see cref="Confirmations"/> behind its head and notices reorgs. Before taking new blocks it
/// checks that the last blocks it took are still the chain's (same hash at the same height); any that are not are
/// dropped (rewound), newest first, until one matches, and the caller re-reads from there. A new block whose parent
/// hash is not the hash of the block taken before it stops the walk: the next poll sorts it out. Keeps the last
/// <see cref="Retained"/> blocks; a reorg deeper than that is an error, not a silent divergence.
/// </summary>
public sealed class ChainFollower(Web3 web3, int confirmations, long startBlock)
{
    private readonly List<ChainBlock> _taken = [];

    /// <summary>Blocks a block must have on top of it before it is taken (0: take the head itself).</summary>
    public int Confirmations { get; } = confirmations;

    /// <summary>Blocks remembered for reorg checks.</summary>
    public const int Retained = 256;

    /// <summary>The next block number to take.</summary>
    public long Next => _taken.Count == 0 ? startBlock : _taken[^1].Number + 1;

    /// <summary>One poll: blocks rewound by a reorg (0 when none), then the blocks newly taken, oldest first.</summary>
    /// <exception cref="InvalidOperationException">a reorg deeper than the retained blocks.</exception>
    public async Task<(int Rewound, IReadOnlyList<ChainBlock> Blocks)> PollAsync(CancellationToken cancel = default)
    {
        var rewound = 0;
        while (_taken.Count > 0)
        {
            var last = _taken[^1];
            var now = await BlockAsync(last.Number);
            if (now is not null && now.Hash == last.Hash) break;
            _taken.RemoveAt(_taken.Count - 1);
            rewound++;
            if (_taken.Count == 0) throw new InvalidOperationException($"reorg deeper than the {Retained} blocks retained (at block {last.Number})");
        }
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var taken = new List<ChainBlock>();
        for (var n = Next; n <= head - Confirmations; n++)
        {
            cancel.ThrowIfCancellationRequested();
            var b = await BlockAsync(n);
            if (b is null || (_taken.Count > 0 && b.ParentHash != _taken[^1].Hash)) break;
            _taken.Add(b);
            taken.Add(b);
            if (_taken.Count > Retained) _taken.RemoveAt(0);
        }
        return (rewound, taken);
    }

    /// <summary>Whether <paramref name="hash"/> is still the hash of a taken block (a log's block may be reorged away between calls).</summary>
    public bool IsTaken(long number, string hash) => _taken.Any(b => b.Number == number && b.Hash == hash);

    private async Task<ChainBlock?> BlockAsync(long number)
    {
        var b = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(number)));
        return b is null ? null : new ChainBlock(number, b.BlockHash, b.ParentHash, (long)b.Timestamp.Value);
    }
}
