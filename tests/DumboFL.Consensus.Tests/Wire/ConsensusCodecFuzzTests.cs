using DumboFL.Consensus.Wire;

namespace DumboFL.Consensus.Tests.Wire;

/// <summary>
/// Seeded fuzzing: whatever the bytes, Decode either returns a message whose encoding is exactly those bytes
/// (one message, one encoding) or throws FormatException — never another exception. A failure names its
/// seed and iteration, so it can be replayed by running that seed alone.
/// </summary>
public class ConsensusCodecFuzzTests
{
    private const int Iterations = 3000;

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void Mutated_samples_decode_canonically_or_throw_FormatException(int seed)
    {
        var random = new Random(seed);
        var samples = new[] { 4, 10 }.SelectMany(n => WireSamples.All(n).Select(m => (Limits: WireSamples.Limits(n), Bytes: ConsensusCodec.Encode(m)))).ToArray();
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var (limits, original) = samples[random.Next(samples.Length)];
            var bytes = Mutate(random, original);
            AssertDecodesCanonicallyOrRefuses(bytes, limits, $"seed {seed}, iteration {iteration}");
        }
    }

    [TestCase(11)]
    [TestCase(12)]
    public void Random_garbage_only_ever_throws_FormatException(int seed)
    {
        var random = new Random(seed);
        var limits = WireSamples.Limits(4);
        byte[] kinds = [1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 30];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var bytes = new byte[random.Next(300)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(4) != 0)
            {
                // Mostly a real kind, so the garbage reaches the field readers instead of stopping at byte 0.
                bytes[0] = kinds[random.Next(kinds.Length)];
            }
            AssertDecodesCanonicallyOrRefuses(bytes, limits, $"seed {seed}, iteration {iteration}");
        }
    }

    [TestCase(21, 4)]
    [TestCase(22, 10)]
    [TestCase(23, 31)]
    public void Random_valid_messages_round_trip(int seed, int n)
    {
        var limits = new WireLimits(n, 64, 8);
        var messages = new RandomWireMessages(seed, n, limits.MaxBatchItems);
        for (var iteration = 0; iteration < 500; iteration++)
        {
            var bytes = ConsensusCodec.Encode(messages.Next());
            var decoded = ConsensusCodec.Decode(bytes, limits);
            Assert.That(ConsensusCodec.Encode(decoded), Is.EqualTo(bytes), $"seed {seed}, iteration {iteration}");
        }
    }

    internal static void AssertDecodesCanonicallyOrRefuses(byte[] bytes, WireLimits limits, string replay)
    {
        ConsensusMessage decoded;
        try
        {
            decoded = ConsensusCodec.Decode(bytes, limits);
        }
        catch (FormatException)
        {
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"{replay}: {e.GetType().Name} ({e.Message}) decoding {Convert.ToHexString(bytes)}");
            return;
        }
        Assert.That(ConsensusCodec.Encode(decoded), Is.EqualTo(bytes), $"{replay}: accepted a non-canonical encoding");
    }

    // Bit flips, overwritten bytes, inserted and deleted bytes: one to four edits.
    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = new List<byte>(original);
        for (var edits = 1 + random.Next(4); edits > 0; edits--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0 when at < bytes.Count: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1 when at < bytes.Count: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                case 3 when at < bytes.Count: bytes.RemoveAt(at); break;
            }
        }
        return bytes.ToArray();
    }
}
