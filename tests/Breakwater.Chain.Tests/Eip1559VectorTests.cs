using Breakwater.Crypto;
using Nethereum.Model;
using Nethereum.Signer;

namespace Breakwater.Chain.Tests;

/// <summary>
/// The transactions the chain clients send are EIP-1559 (type 2), signed by Nethereum's signer. Checked against the
/// published vectors of ethereumjs (packages/tx/test/json/eip1559.json: chain id 7822, one key, empty data and access
/// list; their signedTransactionRLP wraps the raw transaction in one more RLP string, stripped here).
/// </summary>
public class Eip1559VectorTests
{
    private const string Key = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63";

    [Theory]
    [InlineData(819, 43203529, 35552, 75853, 121212,
        "02f870821e8e8203338301284d8301d97c828ae094000000000000000000000000000000000000aaaa8402933bc980c080a0d067f2167008c59219652f91cbf8788dbca5f771f6e91e2b7657e85b78b472e0a01d305af9fe81fdba43f0dfcd400ed24dcace0a7e30d4e85701dcaaf484cd079e")]
    [InlineData(353, 61901619, 32593, 38850, 136295,
        "02f86f821e8e8201618297c283021467827f5194000000000000000000000000000000000000aaaa8403b08b3380c001a004205678f13fc1d7b10feea6513dfa76e24418b6e08097d95c6f93a3b64e536da01d45ad61bfece43862de2cce7d2575a8c1d08c26c87f3cb5f26d7b0be54a91b2")]
    [InlineData(119, 65456115, 62341, 24721, 107729,
        "02f86d821e8e778260918301a4d182f38594000000000000000000000000000000000000aaaa8403e6c7f380c001a0e38e239770801eb995498c821e55ac9c19ae09184bb27b34be105e02fe3b7615a067c64ca6bd6d9107e85fd581ab2e70a14b637eb36505bb40861ef9d6e800cab6")]
    public void SignedRawTransaction_MatchesThePublishedVector(long nonce, long value, long gasLimit, long priorityFee, long maxFee, string expected)
    {
        var tx = new Transaction1559(7822, nonce, priorityFee, maxFee, gasLimit, "0x000000000000000000000000000000000000aaaa", value, "", null);
        var raw = new Transaction1559Signer().SignTransaction(new EthECKey(Key), tx);
        Assert.Equal(expected, raw.Replace("0x", ""));
        // The hash a node reports for it is keccak256 of those bytes; recovering the sender gives the key's address.
        var decoded = (Transaction1559)TransactionFactory.CreateTransaction(raw);
        Assert.Equal(Hex.Format(Keccak.Hash(Convert.FromHexString(expected))), "0x" + Convert.ToHexStringLower(decoded.Hash));
        Assert.Equal(KeyFile.FromPrivateKey(Hex.Parse(Key)).Address.Hex, decoded.GetSenderAddress().ToLowerInvariant());
    }
}
