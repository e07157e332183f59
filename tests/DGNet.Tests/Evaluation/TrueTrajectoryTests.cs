using DGNet.Evaluation;
using DGNet.Models;
using DGNet.Systems;
using DGNet.Tests.Training;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Evaluation;

/// <summary>The truth that errors compare with: stored states for clean data, the exact trajectory from the noisy first state otherwise.</summary>
public class TrueTrajectoryTests
{
    private static readonly Lazy<DGNet.Data.Dataset> noisySpring = new(() =>
        DatasetGenerator.Generate(SystemRegistry.Create("mass-spring"), new GenerationSettings(6, 30, 0.1, 0.1, 0.34, 11)));

    private static Tensor TestIndex(DGNet.Data.Dataset data) => tensor(data.TestTrajectories.Select(t => (long)t).ToArray());

    [Fact]
    public void CleanDataIsComparedWithItsStoredStatesAndEnergies()
    {
        using var scope = NewDisposeScope();
        var data = TinyData.Spring;
        var index = TestIndex(data);
        var truth = TrueTrajectory.Of(data, index, 12, KnownSystem.For(data)!.Energy);
        Assert.False(truth.Resimulated);
        Assert.True(truth.States.equal(data.U.index_select(0, index).narrow(1, 0, 13)).all().item<bool>());
        Assert.True(truth.Energy!.equal(data.Energy!.index_select(0, index).narrow(1, 0, 13)).all().item<bool>());
    }

    [Fact]
    public void NoisyDataIsComparedWithTheExactTrajectoryFromTheNoisyFirstState()
    {
        using var scope = NewDisposeScope();
        var data = noisySpring.Value;
        Assert.True(data.HasNoisyStates);
        var index = TestIndex(data);
        var truth = TrueTrajectory.Of(data, index, 30, KnownSystem.For(data)!.Energy);
        Assert.True(truth.Resimulated);

        // H = q² + p² turns the phase plane at angular frequency 2: q(t) = q0 cos 2t + p0 sin 2t, p(t) = p0 cos 2t - q0 sin 2t.
        var first = data.U.index_select(0, index).select(1, 0);
        var t = arange(31, dtype: ScalarType.Float64) * 0.1;
        var q0 = first[.., 0].unsqueeze(1);
        var p0 = first[.., 1].unsqueeze(1);
        var exact = stack([q0 * (2 * t).cos() + p0 * (2 * t).sin(), p0 * (2 * t).cos() - q0 * (2 * t).sin()], 2);
        Assert.True((truth.States - exact).abs().max().item<double>() < 1e-9);

        // Its energy is the noisy first state's, constant along it; the stored noisy states are far from it.
        var h0 = (q0.square() + p0.square());
        Assert.True((truth.Energy! - h0).abs().max().item<double>() < 1e-9);
        Assert.True((data.U.index_select(0, index).narrow(1, 0, 31) - exact).abs().max().item<double>() > 0.1);
    }

    [Fact]
    public void TheEvaluatorMeasuresNoisyDataAgainstTheExactTrajectory()
    {
        set_num_threads(1);
        var data = noisySpring.Value;
        manual_seed(5);
        using var model = PhysicsModels.Create(ModelSetup.Spec(data, new ModelChoices("hnn", Hidden: 8)));
        var result = Evaluator.Evaluate(model, data, "midpoint", "rk4", steps: 20);
        Assert.Equal([TrueTrajectory.ResimulatedNote], result.Notes);

        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var first = data.U.index_select(0, TestIndex(data)).select(1, 0);
        var predicted = new List<Tensor> { first };
        for (int n = 0; n < 20; n++) predicted.Add(new DGNet.Integrators.Rk4().Step(model.Dynamics.Field, predicted[^1], 0.1));
        var rollout = stack(predicted, 1);
        var h0 = first.square().sum(1, keepdim: true);
        var predictedEnergy = rollout.square().sum(2);
        double expected = (predictedEnergy - h0).narrow(1, 1, 20).square().mean().item<double>();
        Assert.Equal(expected, result.EnergyError!.Value, 10);
    }
}
