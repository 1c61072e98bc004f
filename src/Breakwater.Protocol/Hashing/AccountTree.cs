using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Hashing;

/// <summary>
/// A sparse Merkle tree over every account and every market, so a user can check their balance and positions, or a
/// market's prices, parameters and guards, against a root the node published without trusting the node
/// (<c>GET /v1/accounts/{id}/proof</c>, <c>GET /v1/markets/{id}/proof</c>, and <c>web/tools/verify-proof.mjs</c>, which
/// needs nothing but Node's crypto module).
/// </summary>
/// <remarks>
/// Hash rule (SHA-256 throughout): the key of account <c>id</c> is the 64 bits of <c>(ulong)id</c>, most significant
/// first, 0 = left. A leaf is SHA-256(0x00 ‖ canonical account bytes), the bytes being I64 id ‖ I64 collateral (1e-6 USD)
/// ‖ I32 position count ‖ per position (ascending market id) I32 market ‖ I64 size (1e-8 base units) ‖ I64 open notional
/// (1e-6 USD) ‖ I64 maturing collateral (1e-6 USD) ‖ I64 when it matures (unix seconds), all little-endian — exactly the
/// account part of the state hash. Market <c>id</c> sits at key 2⁶³ + id (account ids are positive 64-bit integers, so
/// below 2⁶³: the two key ranges never meet); its leaf is SHA-256(0x00 ‖ the market's canonical bytes), exactly the
/// market part of the state hash (I32 id ‖ string symbol ‖ parameters ‖ prices, grades, guards, funding …). An absent
/// account is the empty leaf, 32 zero
/// bytes. An inner node is SHA-256(0x01 ‖ left ‖ right); the empty subtree of each height is the inner hash of two empty
/// subtrees below it, so only non-empty paths are stored. A proof is the 64 siblings from the leaf up. Updating one
/// account costs 64 hashes, so the root after a height costs O((touched accounts + markets) · 64), not a pass over
/// every account: markets are few and change with nearly every oracle report, so each update re-hashes all of them.
/// </remarks>
public sealed class AccountTree
{
    /// <summary>Key bits (tree depth).</summary>
    public const int Depth = 64;

    private static readonly byte[][] Empty = BuildEmpty();

    // Non-empty nodes by (height above the leaves, key prefix = key >> height).
    private readonly Dictionary<(int Height, ulong Prefix), byte[]> _nodes = new();

    /// <summary>The root, 32 bytes.</summary>
    public byte[] Root => Node(Depth, 0);

    /// <summary>The root as lowercase hex.</summary>
    public string RootHex => Convert.ToHexStringLower(Root);

    private static byte[][] BuildEmpty()
    {
        var e = new byte[Depth + 1][];
        e[0] = new byte[32];
        for (var h = 1; h <= Depth; h++) e[h] = Inner(e[h - 1], e[h - 1]);
        return e;
    }

    /// <summary>The tree key of market <paramref name="marketId"/>: 2⁶³ + id, above every account id.</summary>
    public static ulong MarketKey(int marketId) => (1UL << 63) | (uint)marketId;

    /// <summary>The canonical bytes of a market (its leaf preimage without the 0x00 prefix): the state hash's market encoding.</summary>
    public static byte[] MarketLeafBytes(Markets.Market m)
    {
        var w = new CanonicalWriter();
        m.WriteSnapshot(w);
        return w.ToArray();
    }

    /// <summary>The canonical bytes of an account (its leaf preimage without the 0x00 prefix).</summary>
    public static byte[] LeafBytes(Account a)
    {
        var w = new CanonicalWriter();
        Write(w, a);
        return w.ToArray();
    }

    /// <summary>The length of <see cref="Write"/>'s encoding of <paramref name="a"/>: 36 bytes, and 36 more per position.</summary>
    public static int EncodedLength(Account a) => 36 + 36 * a.PositionCount;

    /// <summary>Writes the canonical account bytes (shared with <see cref="StateHasher"/>).</summary>
    public static void Write(CanonicalWriter w, Account a)
    {
        w.I64(a.Id).I64(a.Collateral.Micros).I32(a.PositionCount);
        for (var i = 0; i < a.PositionCount; i++)
        {
            var p = a.PositionAt(i);
            w.I32(p.MarketId).I64(p.Size.Units).I64(p.OpenNotional.Micros).I128(p.FundingIndex);
        }
        w.I64(a.MaturingCollateral.Micros).I64(a.MaturesAt);
    }

    /// <summary>Reads an account written by <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">truncated.</exception>
    public static Account Read(CanonicalReader r)
    {
        var a = new Account(r.I64()) { Collateral = new Usd(r.I64()) };
        for (var k = r.I32(); k > 0; k--)
        {
            var p = new Position(r.I32()) { Size = new Size(r.I64()), OpenNotional = new Usd(r.I64()), FundingIndex = r.I128() };
            a.AddPosition(p);
        }
        a.MaturingCollateral = new Usd(r.I64());
        a.MaturesAt = r.I64();
        return a;
    }

    /// <summary>SHA-256(0x00 ‖ bytes).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> bytes) => Sha256.HashConcatenation([0x00], bytes);

    /// <summary>SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] Inner(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buf = stackalloc byte[65];
        buf[0] = 0x01;
        left.CopyTo(buf[1..]);
        right.CopyTo(buf[33..]);
        return Sha256.HashData(buf);
    }

    /// <summary>
    /// A tree of every account of <paramref name="state"/>, built bottom-up: each non-empty node is hashed once (about
    /// two per account for dense ids), where setting the leaves one by one would hash 64 per account.
    /// </summary>
    public static AccountTree Build(ProtocolState state)
    {
        var t = new AccountTree();
        var level = state.Accounts.Values.Select(a => (Prefix: (ulong)a.Id, Hash: LeafHash(LeafBytes(a))))
            .Concat(state.Markets.Values.Select(m => (Prefix: MarketKey(m.Id), Hash: LeafHash(MarketLeafBytes(m))))).ToList();
        level.Sort((x, y) => x.Prefix.CompareTo(y.Prefix));
        for (var h = 0; h < Depth; h++)
        {
            var next = new List<(ulong Prefix, byte[] Hash)>(level.Count / 2 + 1);
            for (var i = 0; i < level.Count; i++)
            {
                var (prefix, hash) = level[i];
                t.Put(h, prefix, hash);
                byte[] parent;
                if ((prefix & 1) == 0 && i + 1 < level.Count && level[i + 1].Prefix == (prefix | 1))
                {
                    t.Put(h, level[i + 1].Prefix, level[i + 1].Hash);
                    parent = Inner(hash, level[i + 1].Hash);
                    i++;
                }
                else parent = (prefix & 1) == 0 ? Inner(hash, Empty[h]) : Inner(Empty[h], hash);
                next.Add((prefix >> 1, parent));
            }
            level = next;
        }
        if (level.Count == 1) t.Put(Depth, 0, level[0].Hash);
        return t;
    }

    /// <summary>Re-hashes the given accounts (absent ones become empty leaves) and every market.</summary>
    public void Update(ProtocolState state, IEnumerable<long> accounts)
    {
        foreach (var id in accounts)
            Set(id, state.Accounts.TryGetValue(id, out var a) ? LeafHash(LeafBytes(a)) : null);
        foreach (var m in state.Markets.Values) SetKey(MarketKey(m.Id), LeafHash(MarketLeafBytes(m)));
    }

    /// <summary>Sets one account's leaf (null = empty) and re-hashes its path to the root.</summary>
    public void Set(long id, byte[]? leafHash) => SetKey((ulong)id, leafHash);

    /// <summary>Sets the leaf at a key (an account id, or <see cref="MarketKey"/>) and re-hashes its path to the root.</summary>
    public void SetKey(ulong key, byte[]? leafHash)
    {
        Put(0, key, leafHash ?? Empty[0]);
        for (var h = 1; h <= Depth; h++)
        {
            var prefix = h == Depth ? 0 : key >> h;
            var left = Node(h - 1, prefix << 1);
            var right = Node(h - 1, (prefix << 1) | 1);
            Put(h, prefix, Inner(left, right));
        }
    }

    /// <summary>The 64 siblings of account <paramref name="id"/>'s leaf, from the leaf's sibling up to the root's children.</summary>
    public byte[][] Siblings(long id) => SiblingsAt((ulong)id);

    /// <summary>The 64 siblings of the leaf at <paramref name="key"/> (an account id or a <see cref="MarketKey"/>).</summary>
    public byte[][] SiblingsAt(ulong key)
    {
        var s = new byte[Depth][];
        for (var h = 0; h < Depth; h++) s[h] = Node(h, (key >> h) ^ 1);
        return s;
    }

    /// <summary>Folds a leaf hash up its siblings; true when it reaches <paramref name="root"/>.</summary>
    public static bool Verify(long id, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> siblings, ReadOnlySpan<byte> root)
        => VerifyAt((ulong)id, leafHash, siblings, root);

    /// <summary>Folds the leaf hash at <paramref name="key"/> up its siblings; true when it reaches <paramref name="root"/>.</summary>
    public static bool VerifyAt(ulong key, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> siblings, ReadOnlySpan<byte> root)
    {
        if (siblings.Count != Depth) return false;
        var node = leafHash.ToArray();
        for (var h = 0; h < Depth; h++)
            node = ((key >> h) & 1) == 0 ? Inner(node, siblings[h]) : Inner(siblings[h], node);
        return node.AsSpan().SequenceEqual(root);
    }

    private byte[] Node(int height, ulong prefix) => _nodes.TryGetValue((height, prefix), out var n) ? n : Empty[height];

    private void Put(int height, ulong prefix, byte[] hash)
    {
        if (hash.AsSpan().SequenceEqual(Empty[height])) _nodes.Remove((height, prefix));
        else _nodes[(height, prefix)] = hash;
    }
}
