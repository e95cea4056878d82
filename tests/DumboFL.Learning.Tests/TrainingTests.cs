using DumboFL.Learning.Data;
using DumboFL.Learning.Model;
using DumboFL.Learning.Training;

namespace DumboFL.Learning.Tests;

/// <summary>The built-in trainers: correct gradients, determinism, and that they learn the synthetic task.</summary>
[TestFixture]
public sealed class TrainingTests
{
    private static readonly (Dataset Train, Dataset Test) Task = SyntheticData.Generate(seed: 7);

    private static IEnumerable<TestCaseData> Trainers()
    {
        yield return new TestCaseData(DenseTrainer.Softmax(SyntheticData.DefaultFeatures, SyntheticData.DefaultClasses)).SetName("softmax");
        yield return new TestCaseData(DenseTrainer.Mlp(SyntheticData.DefaultFeatures, 16, SyntheticData.DefaultClasses)).SetName("mlp");
    }

    [TestCaseSource(nameof(Trainers))]
    public void Trained_centrally_it_reaches_85_percent_on_held_out_data(ITrainer trainer)
    {
        var model = trainer.Initialise(seed: 1);
        var before = trainer.Evaluate(model, Task.Test);
        trainer.Train(model, Task.Train, new TrainOptions(Epochs: 5, BatchSize: 32, LearningRate: 0.1f, Seed: 3));
        var after = trainer.Evaluate(model, Task.Test);

        Assert.Multiple(() =>
        {
            Assert.That(after.Accuracy, Is.GreaterThanOrEqualTo(0.85), $"accuracy {after.Accuracy:P1}");
            Assert.That(after.Loss, Is.LessThan(before.Loss / 2), $"loss {before.Loss:F3} → {after.Loss:F3}");
        });
    }

    [TestCaseSource(nameof(Trainers))]
    public void The_gradient_of_one_example_matches_finite_differences(ITrainer trainer)
    {
        var one = Task.Train.Subset([5]);
        var model = trainer.Initialise(seed: 2);
        const float rate = 1e-3f;
        var trained = new ModelParameters(model.Layout, model.Values.ToArray());
        trainer.Train(trained, one, new TrainOptions(Epochs: 1, BatchSize: 1, LearningRate: rate));
        var random = new Random(4);
        var checkedCount = 0;
        foreach (var index in Enumerable.Range(0, 60).Select(_ => random.Next(model.Values.Length)))
        {
            var analytic = (model.Values[index] - trained.Values[index]) / rate;
            var numeric = NumericGradient(trainer, model, one, index);
            if (Math.Abs(numeric) < 1e-3 && Math.Abs(analytic) < 1e-3)
            {
                continue;
            }
            checkedCount++;
            Assert.That(analytic, Is.EqualTo(numeric).Within(0.05 * Math.Max(Math.Abs(numeric), 0.01)), $"parameter {index}");
        }
        Assert.That(checkedCount, Is.GreaterThan(10), "enough parameters with a gradient were checked");
    }

    [Test]
    public void The_same_seed_trains_the_same_bits()
    {
        var trainer = DenseTrainer.Mlp(SyntheticData.DefaultFeatures, 8, SyntheticData.DefaultClasses);
        ModelParameters Run()
        {
            var model = trainer.Initialise(seed: 9);
            trainer.Train(model, Task.Train, new TrainOptions(Epochs: 2, Seed: 5));
            return model;
        }
        Assert.That(Run().Encode(), Is.EqualTo(Run().Encode()));
    }

    [Test]
    public void A_model_of_another_layout_or_data_of_another_width_is_refused()
    {
        var softmax = DenseTrainer.Softmax(SyntheticData.DefaultFeatures, SyntheticData.DefaultClasses);
        var mlp = DenseTrainer.Mlp(SyntheticData.DefaultFeatures, 8, SyntheticData.DefaultClasses);
        var narrow = new Dataset(new float[6], [0, 1, 0], 2, 2);
        Assert.Multiple(() =>
        {
            Assert.That(() => softmax.Train(mlp.Initialise(1), Task.Train, new TrainOptions()), Throws.ArgumentException);
            Assert.That(() => softmax.Evaluate(softmax.Initialise(1), narrow), Throws.ArgumentException);
        });
    }

    private static double NumericGradient(ITrainer trainer, ModelParameters model, Dataset one, int index)
    {
        const float epsilon = 1e-2f;
        var plus = new ModelParameters(model.Layout, model.Values.ToArray());
        plus.Values[index] += epsilon;
        var minus = new ModelParameters(model.Layout, model.Values.ToArray());
        minus.Values[index] -= epsilon;
        return (trainer.Evaluate(plus, one).Loss - trainer.Evaluate(minus, one).Loss) / (2 * epsilon);
    }
}
