using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace DumboFL.Core.Hashing;

/// <summary>
/// SHA-256 for the hot paths: every entry is hashed several times per node (its id, its Merkle leaf, one
/// interior node per leaf on average), mostly inputs of 65–300 bytes.
/// <para>
/// On Linux the framework's <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> goes through
/// OpenSSL 3's EVP layer: provider lookup, a heap-allocated context and error-queue clearing cost about
/// 400 ns a call, several times the hashing itself (SHA-NI hashes 65 bytes in well under 100 ns). Here the
/// same system libcrypto the framework already loads is called directly through its <c>SHA256_Init</c>,
/// <c>SHA256_Update</c> and <c>SHA256_Final</c> on a context on the stack: 80 ns for 65 bytes, 200 ns for
/// 250 (measured on the 2-vCPU EPYC VM, see docs/BENCHMARKS.md).
/// </para>
/// <para>
/// The native path is used only when the library and all three exports load and a known-answer test against
/// the framework passes; otherwise (another OS, a libcrypto built without the low-level API, or
/// <c>DUMBOFL_SHA256=framework</c> in the environment) every call goes to the framework. Both paths give
/// identical digests, which tests check over random inputs.
/// </para>
/// </summary>
public static unsafe class Sha256
{
    public const int Size = 32;

    // Inputs above this size take the normal GC transition: a call that suppresses it must stay short
    // (64 KiB hash in about 30 µs at 2 GB/s).
    private const int ShortCall = 64 * 1024;

    private static readonly delegate* unmanaged[SuppressGCTransition]<Context*, int> InitShort;
    private static readonly delegate* unmanaged[SuppressGCTransition]<Context*, byte*, nuint, int> UpdateShort;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, Context*, int> FinalShort;
    private static readonly delegate* unmanaged<Context*, byte*, nuint, int> UpdateLong;

    static Sha256()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("DUMBOFL_SHA256") == "framework")
        {
            return;
        }
        foreach (var name in (string[])["libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"])
        {
            if (!NativeLibrary.TryLoad(name, out var library))
            {
                continue;
            }
            if (NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
                && NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
                && NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
            {
                InitShort = (delegate* unmanaged[SuppressGCTransition]<Context*, int>)init;
                UpdateShort = (delegate* unmanaged[SuppressGCTransition]<Context*, byte*, nuint, int>)update;
                FinalShort = (delegate* unmanaged[SuppressGCTransition]<byte*, Context*, int>)final;
                UpdateLong = (delegate* unmanaged<Context*, byte*, nuint, int>)update;
                IsNative = PassesKnownAnswers();
                if (IsNative)
                {
                    Library = name;
                    return;
                }
            }
        }
    }

    /// <summary>True when calls go to libcrypto's low-level API, false when to the framework.</summary>
    public static bool IsNative { get; }

    /// <summary>The libcrypto file in use, or null on the framework path.</summary>
    public static string? Library { get; private set; }

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination) => Hash(data, [], destination);

    /// <summary>SHA-256 of <paramref name="first"/> ‖ <paramref name="second"/>, without concatenating them.</summary>
    public static void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"a SHA-256 digest needs {Size} bytes, got {destination.Length}", nameof(destination));
        }
        if (!IsNative || !HashNative(first, second, destination))
        {
            HashFramework(first, second, destination);
        }
    }

    internal static bool HashNative(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        Context context;
        fixed (byte* a = first)
        fixed (byte* b = second)
        fixed (byte* digest = destination)
        {
            return InitShort(&context) == 1
                && Update(&context, a, first.Length)
                && Update(&context, b, second.Length)
                && FinalShort(digest, &context) == 1;
        }
    }

    private static bool Update(Context* context, byte* data, int length) => length == 0
        || (length <= ShortCall ? UpdateShort(context, data, (nuint)length) : UpdateLong(context, data, (nuint)length)) == 1;

    internal static void HashFramework(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        if (second.IsEmpty)
        {
            SHA256.HashData(first, destination);
            return;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(first);
        hash.AppendData(second);
        hash.GetHashAndReset(destination);
    }

    private static bool PassesKnownAnswers()
    {
        var random = new Random(6962);
        Span<byte> native = stackalloc byte[Size];
        Span<byte> framework = stackalloc byte[Size];
        foreach (var length in (int[])[0, 1, 55, 56, 64, 65, 250, 1000, ShortCall + 1])
        {
            var data = new byte[length];
            random.NextBytes(data);
            var split = length / 3;
            if (!HashNative(data.AsSpan(0, split), data.AsSpan(split), native))
            {
                return false;
            }
            SHA256.HashData(data, framework);
            if (!native.SequenceEqual(framework))
            {
                return false;
            }
        }
        return true;
    }

    // OpenSSL's SHA256_CTX is 112 bytes (eight state words, two length words, a 64-byte block, two counters);
    // twice that leaves room for any layout change without a rebuild.
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct Context
    {
        private ulong _first;
    }
}
