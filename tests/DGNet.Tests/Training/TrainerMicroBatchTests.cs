using DGNet.Models;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Training;

/// <summary>Micro-batching splits a step's backward pass into chunks without changing the gradient.</summary>
public class TrainerMicroBatchTests
{
    [Theory]
    [InlineData("dgnet", "eq6")]
    [InlineData("hnn", "midpoint")]
    public void ChunkedStepsGiveTheSameLossAndGradientAsOneBackwardPass(string modelName, string solver)
    {
        set_num_threads(1);
        var data = TinyData.KdV;
        var (wholeLoss, whole) = OneStep(data, modelName, solver, microBatch: null);
        var (chunkedLoss, chunked) = OneStep(data, modelName, solver, microBatch: 3);
        Assert.Equal(wholeLoss, chunkedLoss, 1e-12 * Math.Abs(wholeLoss));
        Assert.Equal(whole.Keys, chunked.Keys);
        foreach (var (name, gradient) in whole)
        {
            double scale = gradient.Select(Math.Abs).Max();
            var difference = gradient.Zip(chunked[name], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(difference <= 1e-12 * scale, $"{name}: gradients differ by {difference} (scale {scale})");
        }
    }

    [Fact]
    public void AMicroBatchBelowOneIsRefused()
    {
        var options = new TrainingOptions { Solver = "eq6", MicroBatch = 0 };
        Assert.Contains("--micro-batch", Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    /// <summary>The loss and the parameter gradients of the first step on a batch of 8 pairs (chunks 3, 3, 2).</summary>
    private static (double Loss, Dictionary<string, double[]> Gradients) OneStep(DGNet.Data.Dataset data, string modelName,
        string solver, int? microBatch)
    {
        manual_seed(11);
        using var model = PhysicsModels.Create(ModelSetup.Spec(data, new ModelChoices(modelName, Hidden: 8)));
        using var pairs = TrainingPairs.From(data, data.TrainTrajectories, model.DType);
        using var trainer = new Trainer(model, pairs, new TrainingOptions { Solver = solver, BatchSize = 8, MicroBatch = microBatch, Seed = 2 });
        double loss = trainer.Step().item<double>();
        var gradients = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.data<double>().ToArray());
        return (loss, gradients);
    }
}
