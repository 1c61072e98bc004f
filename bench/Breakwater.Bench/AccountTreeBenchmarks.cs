using BenchmarkDotNet.Attributes;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Hashing;

namespace Breakwater.Bench;

/// <summary>
/// What a node pays for the accounts root after a height: re-hashing the accounts it touched in the sparse Merkle tree
/// (64 SHA-256 per account; here 25 accounts, a typical batch) against a full pass — rebuilding the tree, or the full state
/// hash the node used to compute on every <c>/v1/state</c> call (the baseline).
/// </summary>
[MemoryDiagnoser]
public class AccountTreeBenchmarks
{
    private ProtocolEngine _engine = null!;
    private AccountTree _tree = null!;
    private long[] _touched = [];

    /// <summary>Accounts in the book.</summary>
    [Params(100_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = BookFixture.Build(Accounts, out _);
        _tree = AccountTree.Build(_engine.State);
        _touched = [.. _engine.State.Accounts.Keys.OrderBy(k => k).Where((_, i) => i % (Accounts / 25) == 0).Take(25)];
    }

    [Benchmark(Baseline = true)]
    public string FullStateHash() => _engine.StateHash();

    [Benchmark]
    public string FullTreeRebuild() => AccountTree.Build(_engine.State).RootHex;

    [Benchmark]
    public string Update25Touched()
    {
        _tree.Update(_engine.State, _touched);
        return _tree.RootHex;
    }
}
