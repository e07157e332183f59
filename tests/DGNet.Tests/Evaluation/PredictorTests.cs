using DGNet.Evaluation;
using DGNet.Integrators;
using DGNet.Models;
using DGNet.Tests.Training;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Evaluation;

/// <summary>Rollouts: shapes, costs, the learned energy along them, failures under both policies, thread setting.</summary>
public class PredictorTests
{
    private static PhysicsModel Model(string name = "dgnet")
    {
        manual_seed(3);
        return PhysicsModels.Create(ModelSetup.Spec(TinyData.Spring, new ModelChoices(name, Hidden: 8)));
    }

    [Fact]
    public void RolloutsMatchRepeatedStepsAndReportTheirCost()
    {
        using var model = Model("hnn");
        var u0 = tensor(new[,] { { 0.5, 0.0 }, { 0.0, -0.3 } });
        using var prediction = Predictor.Predict(model, u0, 5, "rk4");
        Assert.Equal([2L, 6, 2], prediction.States.shape);
        Assert.Equal(Enumerable.Repeat(4.0, 5), prediction.StepCost);
        Assert.Equal("function evaluations", prediction.CostUnit);
        var u = u0;
        using var guard = no_grad();
        for (int n = 1; n <= 5; n++)
        {
            u = new Rk4().Step(model.Dynamics.Field, u, model.Spec.Dt);
            Assert.Equal(u.data<double>().ToArray(), prediction.States.select(1, n).data<double>().ToArray());
        }
        var energy = model.Energy(prediction.States.flatten(0, 1)).reshape(2, 6);
        Assert.Equal(energy.data<double>().ToArray(), prediction.ModelEnergy!.data<double>().ToArray());

        using var implicitRun = Predictor.Predict(model, u0, 3, "eq6");
        Assert.Equal("newton iterations", implicitRun.CostUnit);
        Assert.All(implicitRun.StepCost, c => Assert.InRange(c, 1, 10));
    }

    [Fact]
    public void AFailedTrajectoryStopsTheRolloutOrIsSkippedAndTheStatesSoFarAreKept()
    {
        using var model = Model();
        // Newton's residual cannot be finite for a trajectory that starts at NaN.
        var u0 = tensor(new[,] { { 0.5, 0.0 }, { double.NaN, 0.1 }, { 0.0, -0.3 } });
        int threads = get_num_threads();

        using var stopped = Predictor.Predict(model, u0, 4, "eq6");
        Assert.Equal(threads, get_num_threads());
        var stop = stopped.StoppedBy!;
        Assert.Equal((1, 1), (stop.Step!.Value, stop.Trajectory));
        Assert.Contains("Newton residual became non-finite", stop.Message);
        Assert.Equal([3L, 5, 2], stopped.States.shape);
        Assert.True(stopped.States.narrow(1, 1, 4).isnan().all().item<bool>());
        Assert.Equal(u0[0].data<double>().ToArray(), stopped.States[0, 0].data<double>().ToArray());
        Assert.Equal([1, 1, 1], stopped.FailedAt());

        using var skipped = Predictor.Predict(model, u0, 4, "eq6", new PredictionOptions { OnFailure = FailurePolicy.Skip });
        Assert.Null(skipped.StoppedBy);
        Assert.Equal([(1, 1)], skipped.Failures.Select(f => (f.Trajectory, f.Step)));
        Assert.Equal([null, 1, null], skipped.FailedAt());
        Assert.True(skipped.States[0].isfinite().all().item<bool>() && skipped.States[2].isfinite().all().item<bool>());
        using var alone = Predictor.Predict(model, u0.index_select(0, tensor(new long[] { 0, 2 })), 4, "eq6");
        Assert.Equal(alone.States.data<double>().ToArray(), skipped.States.index_select(0, tensor(new long[] { 0, 2 })).data<double>().ToArray());
    }

    [Fact]
    public void PredictionRefusesSolversAndStatesThatDoNotFit()
    {
        using var model = Model();
        var u0 = zeros(2, 2, dtype: ScalarType.Float64);
        Assert.StartsWith("--solver leapfrog: a dgnet model cannot predict with it: leapfrog needs a separable energy",
            Assert.Throws<ArgumentException>(() => Predictor.Predict(model, u0, 3, "leapfrog")).Message);
        Assert.Equal("initial states [2, 3] do not fit a model of states [2]",
            Assert.Throws<ArgumentException>(() => Predictor.Predict(model, zeros(2, 3), 3, "eq6")).Message);
        Assert.Equal("--steps: must be at least 1 (got 0)", Assert.Throws<ArgumentException>(() => Predictor.Predict(model, u0, 0, "eq6")).Message);
    }
}
