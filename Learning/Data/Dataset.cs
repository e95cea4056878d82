namespace DumboFL.Learning.Data;

/// <summary>Labelled examples: a row-major feature matrix (one row per example) and a class label per row.</summary>
public sealed class Dataset
{
    public Dataset(float[] features, int[] labels, int featureCount, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (features.Length != labels.Length * featureCount)
        {
            throw new ArgumentException($"{labels.Length} examples of {featureCount} features need {labels.Length * featureCount} values, not {features.Length}", nameof(features));
        }
        if (labels.Any(l => l < 0 || l >= classCount))
        {
            throw new ArgumentException($"labels must be in 0..{classCount - 1}", nameof(labels));
        }
        Features = features;
        Labels = labels;
        FeatureCount = featureCount;
        ClassCount = classCount;
    }

    public float[] Features { get; }

    public int[] Labels { get; }

    public int FeatureCount { get; }

    public int ClassCount { get; }

    public int Count => Labels.Length;

    public ReadOnlySpan<float> Row(int index) => Features.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>The examples at <paramref name="indexes"/>, in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> indexes)
    {
        var features = new float[indexes.Count * FeatureCount];
        var labels = new int[indexes.Count];
        for (var i = 0; i < indexes.Count; i++)
        {
            Row(indexes[i]).CopyTo(features.AsSpan(i * FeatureCount, FeatureCount));
            labels[i] = Labels[indexes[i]];
        }
        return new Dataset(features, labels, FeatureCount, ClassCount);
    }
}
