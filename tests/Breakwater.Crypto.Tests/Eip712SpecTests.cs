using System.Text;

namespace Breakwater.Crypto.Tests;

/// <summary>The worked "Ether Mail" example of the EIP-712 specification (eips.ethereum.org/EIPS/eip-712, Example.js).</summary>
public class Eip712SpecTests
{
    internal const string EtherMail = """
        {
          "types": {
            "EIP712Domain": [ {"name":"name","type":"string"}, {"name":"version","type":"string"}, {"name":"chainId","type":"uint256"}, {"name":"verifyingContract","type":"address"} ],
            "Person": [ {"name":"name","type":"string"}, {"name":"wallet","type":"address"} ],
            "Mail": [ {"name":"from","type":"Person"}, {"name":"to","type":"Person"}, {"name":"contents","type":"string"} ]
          },
          "primaryType": "Mail",
          "domain": { "name": "Ether Mail", "version": "1", "chainId": 1, "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" },
          "message": {
            "from": { "name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
            "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            "contents": "Hello, Bob!"
          }
        }
        """;

    private static readonly TypedData Mail = TypedData.Parse(EtherMail);
    private static readonly byte[] CowKey = Keccak.Hash(Encoding.UTF8.GetBytes("cow"));

    [Fact]
    public void EncodeType_MailListsReferencedTypes() => Assert.Equal("Mail(Person from,Person to,string contents)Person(string name,address wallet)", Mail.EncodeType("Mail"));

    [Fact]
    public void TypeHash_Mail() => Assert.Equal("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2", Hex.Format(Mail.TypeHash("Mail")));

    [Fact]
    public void HashStruct_Message() => Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", Hex.Format(Mail.HashStruct("Mail", Mail.Message)));

    [Fact]
    public void DomainSeparator() => Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hex.Format(Mail.DomainSeparator()));

    [Fact]
    public void SigningHash() => Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Format(Mail.SigningHash()));

    [Fact]
    public void CowKey_HasTheSpecAddress() => Assert.Equal("0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826", Hex.Format(Secp256k1.AddressOf(CowKey)));

    [Fact]
    public void Sign_WithCowKey_GivesTheSpecSignature()
    {
        var sig = Secp256k1.Sign(Mail.SigningHash(), CowKey);
        Assert.Equal("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d", Hex.Format(sig.AsSpan(0, 32)));
        Assert.Equal("0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562", Hex.Format(sig.AsSpan(32, 32)));
        Assert.Equal(28, sig[64]);
    }
}
