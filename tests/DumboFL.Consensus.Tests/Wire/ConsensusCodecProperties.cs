using DumboFL.Consensus.Wire;
using FsCheck;
using FsCheck.Fluent;

namespace DumboFL.Consensus.Tests.Wire;

/// <summary>
/// The codec's laws as FsCheck properties. FsCheck draws and shrinks the inputs and prints the failing
/// case with its replay seed; the fixed replay seed keeps every run the same.
/// </summary>
public class ConsensusCodecProperties
{
    private static readonly Config Fixed = Config.QuickThrowOnFailure.WithMaxTest(1000).WithReplay(20_250_101UL, 0x9E37_79B9UL);

    [Test]
    public void Arbitrary_bytes_decode_canonically_or_throw_FormatException()
    {
        var limits = WireSamples.Limits(4);
        var kinds = Gen.Elements<byte>(1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 30);
        var messages = from kind in kinds
                       from body in ArbMap.Default.GeneratorFor<byte[]>()
                       select (byte[])[kind, .. body];
        Prop.ForAll(Arb.From(messages), bytes => Survives(bytes, limits)).Check(Fixed);
    }

    [Test]
    public void Overwriting_any_byte_of_any_sample_decodes_canonically_or_throws_FormatException()
    {
        var samples = WireSamples.All(10).Select(ConsensusCodec.Encode).ToArray();
        var limits = WireSamples.Limits(10);
        var edits = from sample in Gen.Choose(0, samples.Length - 1)
                    from position in Gen.Choose(0, samples[sample].Length - 1)
                    from value in ArbMap.Default.GeneratorFor<byte>()
                    select (sample, position, value);
        Prop.ForAll(Arb.From(edits), edit =>
        {
            var bytes = (byte[])samples[edit.sample].Clone();
            bytes[edit.position] = edit.value;
            return Survives(bytes, limits);
        }).Check(Fixed);
    }

    [Test]
    public void Every_generated_message_round_trips()
    {
        var limits = new WireLimits(7, 64, 8);
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var bytes = ConsensusCodec.Encode(new RandomWireMessages(seed, limits.N, limits.MaxBatchItems).Next());
            return ConsensusCodec.Encode(ConsensusCodec.Decode(bytes, limits)).AsSpan().SequenceEqual(bytes);
        }).Check(Fixed);
    }

    private static bool Survives(byte[] bytes, WireLimits limits)
    {
        try
        {
            return ConsensusCodec.Encode(ConsensusCodec.Decode(bytes, limits)).AsSpan().SequenceEqual(bytes);
        }
        catch (FormatException)
        {
            return true;
        }
    }
}
