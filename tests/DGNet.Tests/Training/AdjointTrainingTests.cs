using DGNet.Models;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Training;

/// <summary>
/// Training with <c>--adjoint</c> takes the same optimisation path as back-propagation through the solver steps:
/// bit-for-bit up to rounding for fixed-step solvers (the discrete adjoint), to the tolerance for Dormand-Prince (the
/// continuous adjoint).
/// </summary>
public class AdjointTrainingTests
{
    private static double[] TrainedWeights(string model, string solver, bool adjoint, int steps)
    {
        set_num_threads(1);
        var data = TinyData.Spring;
        manual_seed(3);
        using var physics = PhysicsModels.Create(ModelSetup.Spec(data, new ModelChoices(model, Hidden: 8)));
        using var pairs = TrainingPairs.From(data, data.TrainTrajectories, physics.DType);
        var options = new TrainingOptions
        {
            Solver = solver, Steps = Math.Max(steps, 1), BatchSize = 16, Seed = 5, Adjoint = adjoint,
            RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12,
        };
        using var trainer = new Trainer(physics, pairs, options);
        for (int s = 0; s < steps; s++) trainer.Step().Dispose();
        return physics.parameters().SelectMany(p => p.detach().flatten().data<double>().ToArray()).ToArray();
    }

    private static double RelativeDifference(double[] a, double[] b) =>
        Math.Sqrt(a.Zip(b).Sum(p => (p.First - p.Second) * (p.First - p.Second))) / Math.Sqrt(a.Sum(x => x * x));

    [Theory]
    [InlineData("node", "midpoint")]
    [InlineData("hnn", "rk4")]
    public void FixedStepAdjointTrainsLikeBackPropagation(string model, string solver)
    {
        var direct = TrainedWeights(model, solver, adjoint: false, steps: 5);
        var adjoint = TrainedWeights(model, solver, adjoint: true, steps: 5);
        Assert.True(RelativeDifference(direct, adjoint) < 1e-10, $"relative weight difference {RelativeDifference(direct, adjoint):E2}");
        Assert.True(RelativeDifference(direct, TrainedWeights(model, solver, adjoint: false, steps: 0)) > 1e-4, "training moved the weights");
    }

    [Fact]
    public void DormandPrinceAdjointTrainsLikeBackPropagationToTheTolerance()
    {
        var direct = TrainedWeights("hnn", "dopri5", adjoint: false, steps: 3);
        var adjoint = TrainedWeights("hnn", "dopri5", adjoint: true, steps: 3);
        Assert.True(RelativeDifference(direct, adjoint) < 1e-6, $"relative weight difference {RelativeDifference(direct, adjoint):E2}");
    }

    [Theory]
    [InlineData("dgnet", "eq6")]
    [InlineData("srnn", "leapfrog")]
    public void AdjointIsRefusedForModelsThatDoNotTrainThroughAnIntegrator(string model, string solver)
    {
        var data = TinyData.Spring;
        using var physics = PhysicsModels.Create(ModelSetup.Spec(data, new ModelChoices(model, Hidden: 4)));
        using var pairs = TrainingPairs.From(data, data.TrainTrajectories, physics.DType);
        var error = Assert.ThrowsAny<ArgumentException>(() =>
            new Trainer(physics, pairs, new TrainingOptions { Solver = solver, Adjoint = true }));
        Assert.StartsWith("--adjoint:", error.Message);
    }
}
