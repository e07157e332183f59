using DGNet.Data;
using DGNet.Evaluation;
using DGNet.Models;
using DGNet.Tests.Training;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Evaluation;

/// <summary>The paper's errors on hand-made numbers, and the evaluator against a computation of its own.</summary>
public class MetricsTests
{
    [Fact]
    public void DerivativeSamplesAreEveryStateWithDudtOrEachMidpointWithTheFiniteDifference()
    {
        var u = tensor(new double[] { 0, 1, 3, 10, 10, 10 }).reshape(2, 3, 1);
        var dudt = tensor(new double[] { 2, 4, 8, 0, 1, -1 }).reshape(2, 3, 1);
        using var withDudt = Dataset.Create(u, 0.5, dudt);
        using var without = Dataset.Create(u, 0.5);
        var (states, derivatives) = Metrics.DerivativeSamples(withDudt, [1, 0]);
        Assert.Equal([10.0, 10, 10, 0, 1, 3], states.data<double>().ToArray());
        Assert.Equal([0.0, 1, -1, 2, 4, 8], derivatives.data<double>().ToArray());
        (states, derivatives) = Metrics.DerivativeSamples(without, [0, 1]);
        Assert.Equal([0.5, 2, 10, 10], states.data<double>().ToArray());
        Assert.Equal([2.0, 4, 0, 0], derivatives.data<double>().ToArray());
        Assert.Equal([4, 1], derivatives.shape);
    }

    [Fact]
    public void EnergyAndStateErrorsLeaveOutTheInitialState()
    {
        var trueEnergy = tensor(new double[,] { { 5, 1, 1 }, { 0, 0, 0 } });
        var predicted = tensor(new double[,] { { 0, 2, 4 }, { 7, 1, -1 } });
        Assert.Equal([(1 + 9) / 2.0, (1 + 1) / 2.0], Metrics.EnergyErrors(trueEnergy, predicted));

        var states = zeros(1, 3, 2, dtype: ScalarType.Float64);
        var other = tensor(new double[] { 9, 9, 1, 0, 0, 2 }).reshape(1, 3, 2);
        Assert.Equal([(1 + 4) / 4.0], Metrics.StateErrors(states, other));
        Assert.Equal(2.0, Metrics.MeanOfCompleted([1, 100, 3], [1]));
        Assert.True(double.IsNaN(Metrics.MeanOfCompleted([1], [0])));
    }

    [Fact]
    public void MassIsTheSumTimesTheCellVolume()
    {
        var fields = ones(2, 3, 4, 5, dtype: ScalarType.Float64);
        Assert.All(Metrics.Mass(fields, 0.5, 2).data<double>().ToArray(), m => Assert.Equal(20 * 0.25, m));
        Assert.All(Metrics.Mass(fields.flatten(2), 0.5, 1).data<double>().ToArray(), m => Assert.Equal(20 * 0.5, m));
    }

    [Fact]
    public void EvaluatorAgreesWithItsDefinitionsComputedDirectly()
    {
        set_num_threads(1);
        var data = TinyData.Spring;
        manual_seed(5);
        using var model = PhysicsModels.Create(ModelSetup.Spec(data, new ModelChoices("hnn", Hidden: 8)));
        var result = Evaluator.Evaluate(model, data, "midpoint", "rk4", steps: 12);
        Assert.Equal((2, 12, "dudt", "rk4", "midpoint"), (result.Trajectories, result.Steps, result.DerivativeReference, result.Solver, result.TrainingSolver));

        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var test = data.TestTrajectories;
        var u = data.U.index_select(0, tensor(test.Select(t => (long)t).ToArray()));
        var dudt = data.DuDt!.index_select(0, tensor(test.Select(t => (long)t).ToArray()));
        var field = model.Dynamics.Field(u.flatten(0, 1));
        Assert.Equal((field - dudt.flatten(0, 1)).square().mean().item<double>(), result.DerivativeError, 14);

        var states = u.narrow(1, 0, 13);
        var predicted = new List<Tensor> { states.select(1, 0) };
        for (int n = 0; n < 12; n++) predicted.Add(new DGNet.Integrators.Rk4().Step(model.Dynamics.Field, predicted[^1], 0.1));
        var rollout = stack(predicted, 1);
        double state = (rollout - states).narrow(1, 1, 12).square().mean().item<double>();
        Assert.Equal(state, result.StateError, 14);
        var system = KnownSystem.For(data)!;
        var trueEnergy = data.Energy!.index_select(0, tensor(test.Select(t => (long)t).ToArray())).narrow(1, 1, 12);
        var predictedEnergy = system.Energy(rollout.flatten(0, 1)).reshape(2, 13).narrow(1, 1, 12);
        Assert.Equal((trueEnergy - predictedEnergy).square().mean().item<double>(), result.EnergyError!.Value, 14);
        Assert.Empty(result.Notes);

        using var unnamed = Dataset.Create(data.U.clone(), data.Dt, split: data.Split);
        var withoutSystem = Evaluator.Evaluate(model, unnamed, "midpoint", "rk4", steps: 12);
        Assert.Null(withoutSystem.EnergyError);
        Assert.Equal("finite difference", withoutSystem.DerivativeReference);
        var midpoints = ((u.narrow(1, 0, 30) + u.narrow(1, 1, 30)) / 2).flatten(0, 1);
        var differences = ((u.narrow(1, 1, 30) - u.narrow(1, 0, 30)) / 0.1).flatten(0, 1);
        Assert.Equal((model.Dynamics.Field(midpoints) - differences).square().mean().item<double>(), withoutSystem.DerivativeError, 14);
        Assert.Equal(["energy error omitted: the data's system (not named) is not a built-in system with this state shape"], withoutSystem.Notes);
        Assert.Equal(result.StateError, withoutSystem.StateError);
    }
}
