using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Governance;

/// <summary>The EIP-712 domain every governance message is signed under.</summary>
/// <param name="Name">Protocol name, e.g. "Breakwater".</param>
/// <param name="Version">Message-format version, e.g. "1".</param>
/// <param name="ChainId">EIP-155 chain id.</param>
/// <param name="VerifyingContract">The protocol's address on that chain.</param>
public sealed record GovernanceDomain(string Name, string Version, long ChainId, Address VerifyingContract)
{
    /// <summary>Writes the canonical encoding.</summary>
    public void Write(CanonicalWriter w) => w.Str(Name).Str(Version).I64(ChainId).Str(VerifyingContract.Hex);

    /// <summary>Reads the canonical encoding.</summary>
    public static GovernanceDomain Read(CanonicalReader r) => new(r.Str(), r.Str(), r.I64(), Address.Parse(r.Str()));
}
