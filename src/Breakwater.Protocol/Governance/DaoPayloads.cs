using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Governance;

/// <summary>
/// The canonical payloads of DAO operations, written in one place (the engine reads them in <c>DaoOperations</c>): a
/// proposal built by a CLI, the lab or a test encodes exactly what the engine decodes. The encoding is not checked here;
/// the engine refuses a payload that makes no sense when it is queued.
/// </summary>
public static class DaoPayloads
{
    /// <summary><see cref="DaoOperationKind.Settle"/>: market id, settlement price.</summary>
    public static byte[] Settle(int market, Price price) => new CanonicalWriter().I32(market).I64(price.Units).ToArray();

    /// <summary><see cref="DaoOperationKind.ReleaseVault"/>: the amount to return to the insurance fund.</summary>
    public static byte[] ReleaseVault(Usd amount) => new CanonicalWriter().I64(amount.Micros).ToArray();

    /// <summary><see cref="DaoOperationKind.Recover"/>: H, then the heights to leave out (the engine wants them ascending, above H).</summary>
    public static byte[] Recover(long from, IReadOnlyCollection<long> excluded)
    {
        var w = new CanonicalWriter().I64(from).I32(excluded.Count);
        foreach (var h in excluded) w.I64(h);
        return w.ToArray();
    }
}
