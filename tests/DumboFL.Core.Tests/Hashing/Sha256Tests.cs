using System.Security.Cryptography;
using DumboFL.Core.Hashing;

namespace DumboFL.Core.Tests.Hashing;

public class Sha256Tests
{
    [Test]
    public void Known_answers_from_FIPS_180_2()
    {
        Span<byte> digest = stackalloc byte[Sha256.Size];

        Sha256.Hash("abc"u8, digest);
        var abc = Convert.ToHexStringLower(digest);
        Sha256.Hash("ab"u8, "c"u8, digest);
        var split = Convert.ToHexStringLower(digest);
        Sha256.Hash([], digest);
        var empty = Convert.ToHexStringLower(digest);

        Assert.Multiple(() =>
        {
            Assert.That(abc, Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
            Assert.That(split, Is.EqualTo(abc));
            Assert.That(empty, Is.EqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        });
    }

    [Test]
    public void Uses_the_system_libcrypto_on_linux()
    {
        Assume.That(OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("DUMBOFL_SHA256") != "framework", "the native path is for Linux only");

        Assert.That(Sha256.IsNative, Is.True, "libcrypto's SHA256_Init/Update/Final did not load or failed the known-answer test");
        Assert.That(Sha256.Library, Does.StartWith("libcrypto"));
    }

    [Test]
    public void Native_and_framework_paths_agree_on_random_inputs_and_splits()
    {
        Assume.That(Sha256.IsNative, "no native path on this machine");
        var seed = Environment.TickCount;
        var random = new Random(seed);
        Span<byte> native = stackalloc byte[Sha256.Size];
        Span<byte> framework = stackalloc byte[Sha256.Size];
        Span<byte> reference = stackalloc byte[Sha256.Size];
        for (var i = 0; i < 500; i++)
        {
            // Mostly short inputs (the hot path), some across the 64 KiB boundary of the short-call variant.
            var length = i % 50 == 0 ? random.Next(60_000, 140_000) : random.Next(0, 600);
            var data = new byte[length];
            random.NextBytes(data);
            var split = random.Next(0, length + 1);

            Assert.That(Sha256.HashNative(data.AsSpan(0, split), data.AsSpan(split), native), Is.True);
            Sha256.HashFramework(data.AsSpan(0, split), data.AsSpan(split), framework);
            SHA256.HashData(data, reference);

            Assert.That(native.SequenceEqual(reference) && framework.SequenceEqual(reference), Is.True,
                $"seed {seed}, input {i}: {length} bytes split at {split}");
        }
    }

    [Test]
    public void A_short_destination_is_refused()
    {
        var destination = new byte[Sha256.Size - 1];

        Assert.That(() => Sha256.Hash("abc"u8, destination), Throws.ArgumentException.With.Message.Contains("32 bytes"));
    }
}
