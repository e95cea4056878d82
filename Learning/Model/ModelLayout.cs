using DumboFL.Core.Encoding;

namespace DumboFL.Learning.Model;

/// <summary>One named tensor of a model: its shape (row-major) and so its length in the flat parameter vector.</summary>
public sealed record TensorSpec(string Name, IReadOnlyList<int> Shape)
{
    public const int MaxNameBytes = 128;
    public const int MaxRank = 8;

    public long Length => Shape.Aggregate(1L, (product, dimension) => product * dimension);
}

/// <summary>
/// The canonical header of a model's parameters (ARCHITECTURE.md §9): its tensors, in order, with names and shapes,
/// all float32. Two nodes with the same layout lay the same numbers out in the same flat positions.
/// </summary>
public sealed class ModelLayout : IEquatable<ModelLayout>
{
    /// <summary>The only element type: float32, little-endian.</summary>
    public const string DType = "f32";

    public const int MaxTensors = 1024;

    /// <summary>2^28 parameters (1 GiB of float32): far beyond the models trained here, small enough to allocate.</summary>
    public const long MaxParameters = 1L << 28;

    public ModelLayout(IReadOnlyList<TensorSpec> tensors)
    {
        if (tensors.Count == 0 || tensors.Count > MaxTensors)
        {
            throw new ArgumentException($"a model has 1..{MaxTensors} tensors, not {tensors.Count}", nameof(tensors));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var tensor in tensors)
        {
            if (string.IsNullOrEmpty(tensor.Name) || System.Text.Encoding.UTF8.GetByteCount(tensor.Name) > TensorSpec.MaxNameBytes || !names.Add(tensor.Name))
            {
                throw new ArgumentException($"tensor name '{tensor.Name}' is empty, too long or repeated", nameof(tensors));
            }
            if (tensor.Shape.Count == 0 || tensor.Shape.Count > TensorSpec.MaxRank || tensor.Shape.Any(d => d < 1))
            {
                throw new ArgumentException($"tensor '{tensor.Name}' has shape [{string.Join(",", tensor.Shape)}]: rank 1..{TensorSpec.MaxRank}, every dimension ≥ 1", nameof(tensors));
            }
            total += tensor.Length;
            if (total > MaxParameters)
            {
                throw new ArgumentException($"more than {MaxParameters} parameters", nameof(tensors));
            }
        }
        Tensors = tensors.Select(t => t with { Shape = t.Shape.ToArray() }).ToArray();
        ParameterCount = (int)total;
    }

    public IReadOnlyList<TensorSpec> Tensors { get; }

    public int ParameterCount { get; }

    /// <summary>Where each tensor starts in the flat vector.</summary>
    public int OffsetOf(string name)
    {
        var offset = 0;
        foreach (var tensor in Tensors)
        {
            if (tensor.Name == name)
            {
                return offset;
            }
            offset += (int)tensor.Length;
        }
        throw new KeyNotFoundException($"no tensor '{name}'");
    }

    public void WriteTo(CanonicalWriter writer)
    {
        writer.WriteString(DType).WriteU32((uint)Tensors.Count);
        foreach (var tensor in Tensors)
        {
            writer.WriteString(tensor.Name).WriteU32((uint)tensor.Shape.Count);
            foreach (var dimension in tensor.Shape)
            {
                writer.WriteU32((uint)dimension);
            }
        }
    }

    /// <exception cref="FormatException">Not a canonical layout.</exception>
    public static ModelLayout ReadFrom(ref CanonicalReader reader)
    {
        var dtype = reader.ReadString(16);
        if (dtype != DType)
        {
            throw new FormatException($"element type '{dtype}': only {DType} is supported");
        }
        var count = reader.ReadU32();
        if (count == 0 || count > MaxTensors)
        {
            throw new FormatException($"{count} tensors");
        }
        var tensors = new TensorSpec[count];
        for (var i = 0; i < tensors.Length; i++)
        {
            var name = reader.ReadString(TensorSpec.MaxNameBytes);
            var rank = reader.ReadU32();
            if (rank == 0 || rank > TensorSpec.MaxRank)
            {
                throw new FormatException($"tensor '{name}' of rank {rank}");
            }
            var shape = new int[rank];
            for (var d = 0; d < shape.Length; d++)
            {
                var dimension = reader.ReadU32();
                shape[d] = dimension is >= 1 and <= int.MaxValue ? (int)dimension : throw new FormatException($"tensor '{name}' has a dimension of {dimension}");
            }
            tensors[i] = new TensorSpec(name, shape);
        }
        try
        {
            return new ModelLayout(tensors);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    public bool Equals(ModelLayout? other) =>
        other is not null && Tensors.Count == other.Tensors.Count
        && Tensors.Zip(other.Tensors).All(p => p.First.Name == p.Second.Name && p.First.Shape.SequenceEqual(p.Second.Shape));

    public override bool Equals(object? obj) => Equals(obj as ModelLayout);

    public override int GetHashCode() => HashCode.Combine(ParameterCount, Tensors.Count, Tensors[0].Name);
}
