using System.Numerics.Tensors;
using DumboFL.Learning.Data;
using DumboFL.Learning.Model;

namespace DumboFL.Learning.Training;

/// <summary>
/// Softmax regression (no hidden layer) or a one-hidden-layer MLP with ReLU, trained by mini-batch SGD on
/// cross-entropy, written with <see cref="TensorPrimitives"/> (SIMD). Layout: <c>w [d, c]</c>, <c>b [c]</c> for softmax;
/// <c>hidden.w [d, h]</c>, <c>hidden.b [h]</c>, <c>out.w [h, c]</c>, <c>out.b [c]</c> for the MLP (row-major).
/// Training is deterministic for a seed on one machine (float arithmetic, fixed order).
/// </summary>
public sealed class DenseTrainer : ITrainer
{
    private readonly int _features;
    private readonly int _hidden;
    private readonly int _classes;

    private DenseTrainer(int features, int hidden, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        _features = features;
        _hidden = hidden;
        _classes = classes;
        Layout = hidden == 0
            ? new ModelLayout([new("w", [features, classes]), new("b", [classes])])
            : new ModelLayout([new("hidden.w", [features, hidden]), new("hidden.b", [hidden]), new("out.w", [hidden, classes]), new("out.b", [classes])]);
    }

    public static DenseTrainer Softmax(int features, int classes) => new(features, 0, classes);

    public static DenseTrainer Mlp(int features, int hidden, int classes) =>
        hidden >= 1 ? new(features, hidden, classes) : throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "an MLP has at least one hidden unit");

    public string Name => _hidden == 0 ? "softmax" : "mlp";

    public ModelLayout Layout { get; }

    public ModelParameters Initialise(int seed)
    {
        var model = ModelParameters.Zeros(Layout);
        var random = new Random(seed);
        foreach (var tensor in Layout.Tensors.Where(t => t.Shape.Count == 2))
        {
            // Glorot uniform: keeps activations' scale through the layer.
            var limit = Math.Sqrt(6.0 / (tensor.Shape[0] + tensor.Shape[1]));
            var weights = model.Tensor(tensor.Name);
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)(((random.NextDouble() * 2) - 1) * limit);
            }
        }
        return model;
    }

    public double Train(ModelParameters model, Dataset data, TrainOptions options)
    {
        Check(model, data);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        var random = new Random(options.Seed);
        var order = Enumerable.Range(0, data.Count).ToArray();
        var gradient = new float[model.Values.Length];
        var work = new Work(_hidden, _classes);
        var lastLoss = 0.0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            var loss = 0.0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                var end = Math.Min(order.Length, start + options.BatchSize);
                Array.Clear(gradient);
                for (var k = start; k < end; k++)
                {
                    loss += Step(model.Values, data.Row(order[k]), data.Labels[order[k]], gradient, work);
                }
                // values -= (lr / batch) · gradient
                TensorPrimitives.MultiplyAdd(gradient, -options.LearningRate / (end - start), model.Values, model.Values);
            }
            lastLoss = loss / order.Length;
        }
        return lastLoss;
    }

    public Evaluation Evaluate(ModelParameters model, Dataset data)
    {
        Check(model, data);
        var work = new Work(_hidden, _classes);
        var correct = 0;
        var loss = 0.0;
        for (var i = 0; i < data.Count; i++)
        {
            Forward(model.Values, data.Row(i), work);
            var label = data.Labels[i];
            loss -= Math.Log(Math.Max(work.Probabilities[label], 1e-12f));
            if (TensorPrimitives.IndexOfMax<float>(work.Probabilities) == label)
            {
                correct++;
            }
        }
        return new Evaluation(data.Count == 0 ? 0 : (double)correct / data.Count, data.Count == 0 ? 0 : loss / data.Count, data.Count);
    }

    private void Check(ModelParameters model, Dataset data)
    {
        if (!model.Layout.Equals(Layout))
        {
            throw new ArgumentException($"the model's layout is not the {Name} layout of this trainer", nameof(model));
        }
        if (data.FeatureCount != _features || data.ClassCount > _classes)
        {
            throw new ArgumentException($"the data has {data.FeatureCount} features and {data.ClassCount} classes; the model takes {_features} and {_classes}", nameof(data));
        }
    }

    /// <summary>Forward and backward for one example; adds its gradient; returns its loss.</summary>
    private double Step(float[] values, ReadOnlySpan<float> x, int label, float[] gradient, Work work)
    {
        Forward(values, x, work);
        var loss = -Math.Log(Math.Max(work.Probabilities[label], 1e-12f));
        // dz_out = p − onehot(label)
        var dOut = work.DOut;
        work.Probabilities.CopyTo(dOut);
        dOut[label] -= 1;
        if (_hidden == 0)
        {
            AddOuter(x, dOut, gradient.AsSpan(0, _features * _classes));
            TensorPrimitives.Add(gradient.AsSpan(_features * _classes, _classes), dOut, gradient.AsSpan(_features * _classes, _classes));
            return loss;
        }
        var (w1, b1, w2, b2) = Offsets();
        AddOuter(work.Activation, dOut, gradient.AsSpan(w2, _hidden * _classes));
        TensorPrimitives.Add(gradient.AsSpan(b2, _classes), dOut, gradient.AsSpan(b2, _classes));
        var dHidden = work.DHidden;
        for (var j = 0; j < _hidden; j++)
        {
            // ReLU: the gradient passes where the unit was active.
            dHidden[j] = work.PreActivation[j] > 0 ? TensorPrimitives.Dot(values.AsSpan(w2 + (j * _classes), _classes), dOut) : 0;
        }
        AddOuter(x, dHidden, gradient.AsSpan(w1, _features * _hidden));
        TensorPrimitives.Add(gradient.AsSpan(b1, _hidden), dHidden, gradient.AsSpan(b1, _hidden));
        return loss;
    }

    private void Forward(float[] values, ReadOnlySpan<float> x, Work work)
    {
        if (_hidden == 0)
        {
            Affine(x, values.AsSpan(0, _features * _classes), values.AsSpan(_features * _classes, _classes), work.Logits);
        }
        else
        {
            var (w1, b1, w2, b2) = Offsets();
            Affine(x, values.AsSpan(w1, _features * _hidden), values.AsSpan(b1, _hidden), work.PreActivation);
            TensorPrimitives.Max(work.PreActivation, 0f, work.Activation);
            Affine(work.Activation, values.AsSpan(w2, _hidden * _classes), values.AsSpan(b2, _classes), work.Logits);
        }
        TensorPrimitives.SoftMax<float>(work.Logits, work.Probabilities);
    }

    /// <summary>destination = bias + Σ_i input[i] · weights[i, :] (row-major weights [input, output]).</summary>
    private static void Affine(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> destination)
    {
        bias.CopyTo(destination);
        var width = destination.Length;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != 0)
            {
                TensorPrimitives.MultiplyAdd(weights.Slice(i * width, width), input[i], destination, destination);
            }
        }
    }

    /// <summary>gradient[i, :] += left[i] · right (the outer product, row-major).</summary>
    private static void AddOuter(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> gradient)
    {
        var width = right.Length;
        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] != 0)
            {
                var row = gradient.Slice(i * width, width);
                TensorPrimitives.MultiplyAdd(right, left[i], row, row);
            }
        }
    }

    private (int W1, int B1, int W2, int B2) Offsets()
    {
        var b1 = _features * _hidden;
        var w2 = b1 + _hidden;
        return (0, b1, w2, w2 + (_hidden * _classes));
    }

    private sealed class Work(int hidden, int classes)
    {
        public float[] PreActivation { get; } = new float[hidden];

        public float[] Activation { get; } = new float[hidden];

        public float[] DHidden { get; } = new float[hidden];

        public float[] Logits { get; } = new float[classes];

        public float[] Probabilities { get; } = new float[classes];

        public float[] DOut { get; } = new float[classes];
    }
}
