namespace Breakwater.Crypto.Tests;

/// <summary>
/// A published Safe v1.3.0 transaction (mainnet Safe 0xf65475e7…dFDA5d, nonce 434, a multicall locking SKY), whose
/// domain hash, message hash and safeTxHash were recorded from a Ledger device and the Safe transaction service.
/// The generic EIP-712 encoder must reproduce all three.
/// </summary>
public class SafeTransactionHashTests
{
    private const string SafeTx = """
        {
          "types": {
            "EIP712Domain": [ {"name":"chainId","type":"uint256"}, {"name":"verifyingContract","type":"address"} ],
            "SafeTx": [ {"name":"to","type":"address"}, {"name":"value","type":"uint256"}, {"name":"data","type":"bytes"}, {"name":"operation","type":"uint8"},
                        {"name":"safeTxGas","type":"uint256"}, {"name":"baseGas","type":"uint256"}, {"name":"gasPrice","type":"uint256"},
                        {"name":"gasToken","type":"address"}, {"name":"refundReceiver","type":"address"}, {"name":"nonce","type":"uint256"} ]
          },
          "primaryType": "SafeTx",
          "domain": { "chainId": 1, "verifyingContract": "0xf65475e74C1Ed6d004d5240b06E3088724dFDA5d" },
          "message": {
            "to": "0xCe01C90dE7FD1bcFa39e237FE6D8D9F569e8A6a3", "value": "0",
            "data": "0xac9650d800000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000846c3dead4000000000000000000000000f65475e74c1ed6d004d5240b06e3088724dfda5d00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002caaf1dd9f3a1ff6000000000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000",
            "operation": 0, "safeTxGas": "0", "baseGas": "0", "gasPrice": "0",
            "gasToken": "0x0000000000000000000000000000000000000000", "refundReceiver": "0x0000000000000000000000000000000000000000", "nonce": "434"
          }
        }
        """;

    [Fact]
    public void SafeTxHash_MatchesThePublishedValues()
    {
        var t = TypedData.Parse(SafeTx);
        Assert.Equal("0xaf88393f1c14cf4d8f0b773c4f37cf80a29d606bed88e0fd8f61350debb3ac65", Hex.Format(t.DomainSeparator()));
        Assert.Equal("0x4d51fb13b155063239c656f466a7d1810bfa863edb4f96aad775643d4afe3675", Hex.Format(t.HashStruct("SafeTx", t.Message)));
        Assert.Equal("0x57f5c1a8390932d29f5aa6e321a2e689c483a728fa5bccfc4ac7becb91239801", Hex.Format(t.SigningHash()));
    }
}
