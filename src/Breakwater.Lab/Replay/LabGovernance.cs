using System.Text;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;

namespace Breakwater.Lab.Replay;

/// <summary>
/// The governance a lab replay configures when a scenario tests it: a 2-of-3 council of fixed lab keys (derived from
/// public strings, so anyone can reproduce them — never use them outside the lab), and intruder keys derived from the
/// seed, which are registered nowhere.
/// </summary>
public static class LabGovernance
{
    private static byte[] Key(string label) => Keccak.Hash(Encoding.UTF8.GetBytes("breakwater-lab:" + label));

    private static RoleSet Members(int threshold, params string[] labels)
        => RoleSet.Create(threshold, labels.Select(l => Address.FromBytes(Secp256k1.AddressOf(Key(l)))));

    /// <summary>The lab's governance configuration.</summary>
    public static readonly GovernanceConfig Config = new()
    {
        Domain = new GovernanceDomain("Breakwater", "1", 31337, Address.Parse("0x00000000000000000000000000000000000b7ea0")),
        Watchers = Members(2, "watcher-1", "watcher-2", "watcher-3"),
        Council = Members(2, "council-1", "council-2", "council-3"),
        Guardians = Members(1, "guardian-1"),
        Dao = Members(2, "dao-1", "dao-2", "dao-3"),
    };

    /// <summary>The DAO's signatures (two of its three lab keys) on a proposal.</summary>
    public static IReadOnlyList<byte[]> SignAsDao(ProposalMessage m)
    {
        var eip = new Eip712(EthereumVerifier.Instance);
        var digest = eip.SigningHash(Config.Domain, m.StructHash(eip));
        return [Secp256k1.Sign(digest, Key("dao-1")), Secp256k1.Sign(digest, Key("dao-2"))];
    }

    /// <summary>An unregistered key for intruder <paramref name="n"/> of a run with <paramref name="seed"/>.</summary>
    public static byte[] IntruderKey(int seed, int n) => Key($"intruder-{seed}-{n}");
}
