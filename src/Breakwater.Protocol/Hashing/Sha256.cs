using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Breakwater.Protocol.Hashing;

/// <summary>
/// A reusable SHA-256 context (FIPS 180-4) for the hashes the core computes on every transaction: the event chain's
/// links and the account tree's nodes. It calls OpenSSL's <c>SHA256_Init</c> / <c>SHA256_Update</c> / <c>SHA256_Final</c>
/// in <c>libcrypto.so.3</c> — the library .NET's own <see cref="SHA256"/> uses on Linux — directly, and falls back to
/// <see cref="IncrementalHash"/> where that library cannot be loaded. The digest is the same either way; only the cost
/// differs.
/// </summary>
/// <remarks>
/// Why: .NET reaches OpenSSL 3 through its EVP layer, whose per-call set-up (provider look-up, context reset) costs
/// more than hashing a few hundred bytes. A 232-byte link measured 640–720 ns through <see cref="IncrementalHash"/>,
/// 800–920 ns through <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> and 196–217 ns through the
/// low-level functions on this machine (SHA extensions present). The low-level functions are deprecated in OpenSSL 3
/// but part of its 3.x ABI. An instance is not thread-safe; <see cref="HashConcatenation"/> and <see cref="HashData"/> keep
/// one per thread. Nothing to dispose: the native context is a managed array, and .NET's fallback releases its handle when collected.
/// </remarks>
public sealed class Sha256
{
    private const string Library = "libcrypto.so.3";

    /// <summary>Digest length in bytes.</summary>
    public const int Size = 32;

    // OpenSSL's SHA256_CTX is 112 bytes (eight state words, two length words, a 64-byte block, two counters); rounded up.
    private const int ContextBytes = 128;

    // The most bytes handed to one native call: 4 KiB hash in about 3 µs here.
    private const int MaxPiece = 4_096;

    private static readonly bool NativeAvailable = Probe();

    [ThreadStatic] private static Sha256? _perThread;

    private readonly byte[]? _context;
    private readonly IncrementalHash? _managed;

    /// <summary>A fresh context through OpenSSL's low-level functions when they load, else through .NET's.</summary>
    public Sha256() : this(!NativeAvailable) { }

    /// <summary>A fresh context; <paramref name="managed"/> forces .NET's path (tests compare both).</summary>
    internal Sha256(bool managed)
    {
        if (managed) _managed = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        else
        {
            _context = new byte[ContextBytes];
            Reset();
        }
    }

    /// <summary>Whether this instance hashes through OpenSSL's low-level functions.</summary>
    public bool IsNative => _context is not null;

    /// <summary>Whether <c>libcrypto.so.3</c>'s low-level SHA-256 functions could be loaded on this machine.</summary>
    public static bool IsNativeAvailable => NativeAvailable;

    /// <summary>Hashes more bytes into the current digest.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_context is null)
        {
            _managed!.AppendData(data);
            return;
        }
        // In pieces, so no call runs long without a GC transition (see the imports).
        while (!data.IsEmpty)
        {
            var piece = data[..Math.Min(data.Length, MaxPiece)];
            if (SHA256_Update(ref _context[0], ref MemoryMarshal.GetReference(piece), (nuint)piece.Length) != 1)
                throw new CryptographicException("SHA256_Update failed");
            data = data[piece.Length..];
        }
    }

    /// <summary>Writes the digest of everything appended since the last reset into <paramref name="destination"/> (32 bytes) and starts over.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException($"a SHA-256 digest needs 32 bytes, not {destination.Length}", nameof(destination));
        if (_context is null)
        {
            _managed!.GetHashAndReset(destination);
            return;
        }
        if (SHA256_Final(ref MemoryMarshal.GetReference(destination), ref _context[0]) != 1)
            throw new CryptographicException("SHA256_Final failed");
        Reset();
    }

    /// <summary>The digest of everything appended since the last reset, as lowercase hex, and starts over.</summary>
    public string FinishHex()
    {
        Span<byte> digest = stackalloc byte[Size];
        Finish(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The digest of <paramref name="first"/> followed by <paramref name="second"/>, as a new 32-byte array, without joining them into one buffer.</summary>
    public static byte[] HashConcatenation(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var sha = ThisThread;
        sha.Append(first);
        sha.Append(second);
        var digest = new byte[Size];
        sha.Finish(digest);
        return digest;
    }

    // This thread's context. Every user finishes what it appends before anything else on the thread can use it.
    private static Sha256 ThisThread => _perThread ??= new Sha256();

    /// <summary>The digest of <paramref name="data"/> as a new 32-byte array.</summary>
    public static byte[] HashData(ReadOnlySpan<byte> data) => HashConcatenation(data, []);

    private void Reset()
    {
        if (SHA256_Init(ref _context![0]) != 1) throw new CryptographicException("SHA256_Init failed");
    }

    private static bool Probe()
    {
        try
        {
            // Loads the library and checks it against .NET's digest once, so a library that loads but disagrees is never used.
            var native = new Sha256(managed: false);
            ReadOnlySpan<byte> abc = "abc"u8;
            Span<byte> ours = stackalloc byte[Size];
            native.Append(abc);
            native.Finish(ours);
            return ours.SequenceEqual(SHA256.HashData(abc));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or CryptographicException)
        {
            return false;
        }
    }

    // No GC transition: each call hashes at most MaxPiece bytes (microseconds) and never calls back into .NET, which is
    // what SuppressGCTransition requires; it also keeps the managed context and spans in place for the call.
    [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
    private static extern int SHA256_Init(ref byte context);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
    private static extern int SHA256_Update(ref byte context, ref byte data, nuint length);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
    private static extern int SHA256_Final(ref byte digest, ref byte context);
}
