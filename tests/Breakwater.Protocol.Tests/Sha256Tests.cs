using System.Security.Cryptography;
using Breakwater.Protocol.Hashing;
using FsCheck;
using FsCheck.Fluent;

namespace Breakwater.Protocol.Tests;

/// <summary>The core's SHA-256 context, on OpenSSL's low-level functions and on .NET's path, against FIPS 180-4's examples and .NET.</summary>
public class Sha256Tests
{
    [Fact]
    public void TheLowLevelFunctionsLoadOnThisMachine()
        // Linux .NET needs libcrypto.so.3 anyway; if this fails, every link silently takes the slower path.
        => Assert.True(Sha256.IsNativeAvailable, "libcrypto.so.3's SHA256_Init/Update/Final did not load");

    [Theory]
    [InlineData(false, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(true, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(false, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData(true, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData(false, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(true, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void MatchesTheStandardsExamples(bool managed, string message, string digest)
    {
        var sha = new Sha256(managed);
        Assert.Equal(!managed, sha.IsNative);
        Span<byte> d = stackalloc byte[32];
        // Twice on one context: Finish starts the next digest from scratch.
        for (var round = 0; round < 2; round++)
        {
            sha.Append(System.Text.Encoding.ASCII.GetBytes(message));
            sha.Finish(d);
            Assert.Equal(digest, Convert.ToHexStringLower(d));
        }
    }

    [Fact]
    public void AnySplitOfAnyMessage_HashesAsDotNetDoes()
    {
        // Lengths across block boundaries and past the 4 KiB piece the native path hands over per call.
        var message = Gen.Choose(0, 9_000).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))
            .Zip(Gen.Choose(0, 9_000).ListOf());
        Prop.ForAll(message.ToArbitrary(), m =>
        {
            var (bytes, cuts) = m;
            var points = cuts.Select(c => c % (bytes.Length + 1)).Order().Prepend(0).Append(bytes.Length).ToList();
            var expected = SHA256.HashData(bytes);
            foreach (var managed in (bool[])[false, true])
            {
                var sha = new Sha256(managed);
                for (var i = 1; i < points.Count; i++) sha.Append(bytes.AsSpan(points[i - 1], points[i] - points[i - 1]));
                var d = new byte[32];
                sha.Finish(d);
                Assert.Equal(expected, d);
            }
            Assert.Equal(expected, Sha256.HashData(bytes));
        }).Check(Seeded.Config(300));
    }

    [Fact]
    public void Finish_RefusesAShortDestination()
    {
        var sha = new Sha256();
        Assert.Throws<ArgumentException>(() => sha.Finish(new byte[31]));
    }
}
