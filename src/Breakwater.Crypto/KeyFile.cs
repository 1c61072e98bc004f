using System.Text.Json;
using Breakwater.Protocol.Governance;

namespace Breakwater.Crypto;

/// <summary>
/// A key file: JSON <c>{"address": "0x…", "privateKey": "0x…"}</c>, written with owner-only permissions (0600)
/// and never printed. Unencrypted: keep it on an encrypted disk or a hardware wallet's host.
/// </summary>
public sealed record KeyFile(Address Address, byte[] PrivateKey) : IMessageSigner
{
    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> digest) => Secp256k1.Sign(digest, PrivateKey);

    /// <summary>From a private key.</summary>
    /// <exception cref="ArgumentException">not a valid secp256k1 key.</exception>
    public static KeyFile FromPrivateKey(byte[] key) => new(Address.FromBytes(Secp256k1.AddressOf(key)), key);

    /// <summary>Writes the file, refusing to overwrite, with mode 0600 where the OS supports it.</summary>
    /// <exception cref="IOException">the file exists.</exception>
    public void Save(string path)
    {
        if (File.Exists(path)) throw new IOException($"{path} exists; refusing to overwrite a key file");
        var json = JsonSerializer.Serialize(new { address = Address.Hex, privateKey = Hex.Format(PrivateKey) });
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var f = new FileStream(path, options);
        using var w = new StreamWriter(f);
        w.Write(json);
    }

    /// <summary>Reads a key file and checks that the address matches the key.</summary>
    /// <exception cref="FormatException">malformed file or mismatched address.</exception>
    /// <exception cref="FileNotFoundException">no file.</exception>
    public static KeyFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no key file at {path}", path);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var key = Hex.Parse(doc.RootElement.GetProperty("privateKey").GetString()!, "privateKey");
            if (!Secp256k1.IsValidPrivateKey(key)) throw new FormatException($"{path}: not a secp256k1 private key");
            var file = FromPrivateKey(key);
            if (doc.RootElement.TryGetProperty("address", out var a) && Address.Parse(a.GetString()!) != file.Address)
                throw new FormatException($"{path}: the address does not match the private key");
            return file;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{path}: not a key file ({e.Message})");
        }
    }
}
