using Breakwater.Protocol.Engine;

namespace Breakwater.Protocol.Hashing;

/// <summary>
/// Hashes the whole state over a canonical encoding: globals, governance and markets by id exactly as a snapshot
/// encodes them (<see cref="StateEncoding"/>), then accounts by id in their leaf encoding (<see cref="AccountTree.Write"/>),
/// each with its positions by market id. Fixed-width integers only.
/// </summary>
public static class StateHasher
{
    /// <summary>SHA-256 of the state, lowercase hex.</summary>
    public static string Hash(ProtocolState s)
    {
        var h = new Sha256();
        StateEncoding.WriteState(s, h, output: null);
        return h.FinishHex();
    }
}
