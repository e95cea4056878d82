using DumboFL.Learning.Data;
using DumboFL.Learning.Model;

namespace DumboFL.Learning.Training;

/// <summary>How local training runs: epochs over the client's data, mini-batch size, learning rate, and the seed of the shuffles.</summary>
public sealed record TrainOptions(int Epochs = 1, int BatchSize = 32, float LearningRate = 0.1f, int Seed = 0);

/// <summary>Accuracy (share of correct predictions) and mean cross-entropy loss on a data set.</summary>
public readonly record struct Evaluation(double Accuracy, double Loss, int Examples);

/// <summary>
/// The training seam (ARCHITECTURE.md §9): a model family with its layout, initialisation, local SGD and evaluation.
/// The built-in ones run on <c>System.Numerics.Tensors</c>; another backend plugs in here.
/// </summary>
public interface ITrainer
{
    string Name { get; }

    ModelLayout Layout { get; }

    /// <summary>Fresh parameters, the same for the same seed.</summary>
    ModelParameters Initialise(int seed);

    /// <summary>Local SGD on <paramref name="data"/>, in place; returns the mean training loss of the last epoch.</summary>
    double Train(ModelParameters model, Dataset data, TrainOptions options);

    Evaluation Evaluate(ModelParameters model, Dataset data);
}
