using System.Buffers.Binary;
using System.Runtime.InteropServices;
using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Learning.Model;

/// <summary>
/// A model's parameters: a layout and one flat float32 vector. The canonical encoding (header, then every value as
/// 4 little-endian bytes, bit for bit, NaN payloads and −0 included) is what is chunked, hashed and committed, so two
/// nodes holding equal parameters hold equal bytes.
/// </summary>
public sealed class ModelParameters
{
    public const string DomainTag = "dumbofl/model/v1";

    public ModelParameters(ModelLayout layout, float[] values)
    {
        if (values.Length != layout.ParameterCount)
        {
            throw new ArgumentException($"the layout has {layout.ParameterCount} parameters, the vector {values.Length}", nameof(values));
        }
        Layout = layout;
        Values = values;
    }

    public ModelLayout Layout { get; }

    /// <summary>The flat vector (the trainer writes it in place).</summary>
    public float[] Values { get; }

    public static ModelParameters Zeros(ModelLayout layout) => new(layout, new float[layout.ParameterCount]);

    public Span<float> Tensor(string name)
    {
        var offset = Layout.OffsetOf(name);
        var length = (int)Layout.Tensors.First(t => t.Name == name).Length;
        return Values.AsSpan(offset, length);
    }

    public byte[] Encode()
    {
        var header = new CanonicalWriter(DomainTag);
        Layout.WriteTo(header);
        header.WriteU32((uint)Values.Length);
        var prefix = header.ToArray();
        var bytes = new byte[prefix.Length + (4 * Values.Length)];
        prefix.CopyTo(bytes, 0);
        var body = bytes.AsSpan(prefix.Length);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(Values.AsSpan()).CopyTo(body);
        }
        else
        {
            for (var i = 0; i < Values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(body[(4 * i)..], Values[i]);
            }
        }
        return bytes;
    }

    /// <exception cref="FormatException">Not the canonical encoding of a model.</exception>
    public static ModelParameters Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes, DomainTag);
        var layout = ModelLayout.ReadFrom(ref reader);
        var count = reader.ReadU32();
        if (count != (uint)layout.ParameterCount)
        {
            throw new FormatException($"the header has {layout.ParameterCount} parameters, the body claims {count}");
        }
        var body = bytes[(bytes.Length - reader.Remaining)..];
        if (body.Length != 4L * count)
        {
            throw new FormatException($"{body.Length} bytes of values for {count} parameters");
        }
        var values = new float[count];
        if (BitConverter.IsLittleEndian)
        {
            body.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(body[(4 * i)..]);
            }
        }
        return new ModelParameters(layout, values);
    }

    /// <summary>SHA-256 of the canonical encoding: the model hash an Aggregate entry commits.</summary>
    public Hash32 Hash() => Hash32.Of(Encode());
}
