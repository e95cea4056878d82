using DumboFL.Learning.Model;

namespace DumboFL.Learning.Tests;

[TestFixture]
public sealed class ModelEncodingTests
{
    private static ModelLayout Mlp() => new([new("hidden.w", [20, 16]), new("hidden.b", [16]), new("out.w", [16, 4]), new("out.b", [4])]);

    private static ModelParameters Random(ModelLayout layout, int seed)
    {
        var random = new Random(seed);
        var values = new float[layout.ParameterCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }
        return new ModelParameters(layout, values);
    }

    [Test]
    public void Parameters_round_trip_bit_for_bit_including_negative_zero_and_NaN_payloads()
    {
        var model = Random(Mlp(), 1);
        model.Values[0] = -0.0f;
        model.Values[1] = BitConverter.Int32BitsToSingle(0x7FC0_1234); // a NaN with a payload
        model.Values[2] = float.PositiveInfinity;
        model.Values[3] = float.Epsilon;

        var decoded = ModelParameters.Decode(model.Encode());

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Layout, Is.EqualTo(model.Layout));
            Assert.That(decoded.Values.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(model.Values.Select(BitConverter.SingleToInt32Bits)));
            Assert.That(decoded.Encode(), Is.EqualTo(model.Encode()));
            Assert.That(decoded.Hash(), Is.EqualTo(model.Hash()));
        });
    }

    [Test]
    public void Tensors_are_laid_out_in_order_and_addressed_by_name()
    {
        var model = ModelParameters.Zeros(Mlp());
        model.Tensor("out.b").Fill(7);
        Assert.Multiple(() =>
        {
            Assert.That(model.Layout.ParameterCount, Is.EqualTo((20 * 16) + 16 + (16 * 4) + 4));
            Assert.That(model.Layout.OffsetOf("out.w"), Is.EqualTo((20 * 16) + 16));
            Assert.That(model.Values[^4..], Is.All.EqualTo(7f));
            Assert.That(model.Values[..^4], Is.All.EqualTo(0f));
        });
    }

    [Test]
    public void Damaged_encodings_and_bad_layouts_are_refused()
    {
        var bytes = Random(Mlp(), 2).Encode();
        Assert.Multiple(() =>
        {
            Assert.That(() => ModelParameters.Decode(bytes.AsSpan(0, bytes.Length - 1)), Throws.TypeOf<FormatException>(), "a value cut short");
            Assert.That(() => ModelParameters.Decode([.. bytes, 0, 0, 0, 0]), Throws.TypeOf<FormatException>(), "a value too many");
            Assert.That(() => ModelParameters.Decode(bytes.AsSpan(0, 40)), Throws.TypeOf<FormatException>(), "a header cut short");
            Assert.That(() => new ModelLayout([new("a", [2]), new("a", [3])]), Throws.ArgumentException, "repeated name");
            Assert.That(() => new ModelLayout([new("a", [0])]), Throws.ArgumentException, "empty dimension");
            Assert.That(() => new ModelParameters(Mlp(), new float[3]), Throws.ArgumentException, "vector of the wrong length");
        });
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            var junk = bytes.ToArray();
            junk[random.Next(Math.Min(junk.Length, 120))] ^= (byte)(1 + random.Next(255));
            Assert.That(() => { try { ModelParameters.Decode(junk); } catch (FormatException) { } }, Throws.Nothing, "damaged header bytes are a FormatException or a different valid model, never a crash");
        }
    }
}
