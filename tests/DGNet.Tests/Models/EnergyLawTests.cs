using DGNet.Data;
using DGNet.Evaluation;
using DGNet.Integrators;
using DGNet.Models;
using DGNet.Tests.Training;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Models;

/// <summary>
/// Trained DGNets keep their learned energy laws exactly in eq6 rollouts, whatever they learned: KdV conserves the
/// learned energy and the mass, Cahn-Hilliard (1-D and 2-D) never gains energy and keeps its mass, friction never
/// gains energy and its learned r is non-negative; dopri5 on the same KdV model drifts measurably more. A 2-D
/// Cahn-Hilliard model with a learned 3 × 3 kernel trains and its kernel is checked.
/// </summary>
public class EnergyLawTests
{
    public EnergyLawTests() => set_num_threads(1);

    private static PhysicsModel Train(Dataset data, ModelChoices choices, int steps, int? batch = null, double lr = 1e-3)
    {
        manual_seed(0);
        var model = PhysicsModels.Create(ModelSetup.Spec(data, choices));
        using var pairs = TrainingPairs.From(data, data.TrainTrajectories, model.DType);
        using var trainer = new Trainer(model, pairs, new TrainingOptions { Solver = "eq6", Steps = steps, BatchSize = batch, LearningRate = lr });
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            trainer.Step();
        }
        return model;
    }

    private static PredictionResult PredictTest(PhysicsModel model, Dataset data, int steps, string solver, PredictionOptions? options = null)
    {
        using var index = tensor(data.TestTrajectories.Select(t => (long)t).ToArray());
        using var initial = data.U.index_select(0, index).select(1, 0);
        var result = Predictor.Predict(model, initial, steps, solver, options);
        Assert.Null(result.StoppedBy);
        Assert.Empty(result.Failures);
        return result;
    }

    /// <summary>max over trajectories and steps of |H[n] - H[0]| / |H[0]|.</summary>
    private static double RelativeDrift(Tensor energy) =>
        ((energy - energy.narrow(1, 0, 1)).abs() / energy.narrow(1, 0, 1).abs()).max().item<double>();

    /// <summary>max over trajectories and steps of (H[n+1] - H[n]) / |H[n]|: positive when the energy ever rises.</summary>
    private static double LargestRelativeRise(Tensor energy)
    {
        long n = energy.shape[1] - 1;
        var before = energy.narrow(1, 0, n);
        return ((energy.narrow(1, 1, n) - before) / before.abs()).max().item<double>();
    }

    private static double MassDrift(PredictionResult prediction, Dataset data)
    {
        using var scope = NewDisposeScope();
        var mass = Metrics.Mass(prediction.States, data.Dx!.Value, data.StateShape.Length);
        return (mass - mass.narrow(1, 0, 1)).abs().max().item<double>();
    }

    [Fact]
    public void KdVModelConservesItsEnergyAndMassWithEq6AndDriftsWithDopri5()
    {
        var data = TinyData.KdV;
        using var model = Train(data, new ModelChoices("dgnet", Hidden: 16), steps: 300, batch: 64);
        Assert.Equal("d", model.Spec.Structure);
        using var eq6 = PredictTest(model, data, 150, "eq6");
        double eq6Drift = RelativeDrift(eq6.ModelEnergy!);
        Assert.True(eq6Drift <= 1e-10, $"eq6: learned energy drifted by {eq6Drift:E2} (relative)");
        Assert.True(MassDrift(eq6, data) <= 1e-10, $"eq6: mass drifted by {MassDrift(eq6, data):E2}");

        using var dopri5 = PredictTest(model, data, 150, "dopri5");
        double dopri5Drift = RelativeDrift(dopri5.ModelEnergy!);
        Assert.True(dopri5Drift > 10 * eq6Drift && dopri5Drift > 1e-14,
            $"dopri5 drift {dopri5Drift:E2} is not measurably above eq6's {eq6Drift:E2}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CahnHilliardModelNeverGainsEnergyAndKeepsItsMass(int dimensions)
    {
        var data = dimensions == 1 ? TinyData.CahnHilliard : TinyData.CahnHilliard2d;
        using var model = Train(data, new ModelChoices("dgnet", Hidden: 8), steps: 30, batch: 32);
        Assert.Equal("d2", model.Spec.Structure);
        var solvers = new List<PredictionOptions?> { null };
        if (dimensions == 2) solvers.Add(new PredictionOptions { Newton = NewtonOptions.Default with { Linear = NewtonLinearSolver.Gmres } });
        foreach (var options in solvers)
        {
            using var prediction = PredictTest(model, data, 40, "eq6", options);
            double rise = LargestRelativeRise(prediction.ModelEnergy!);
            Assert.True(rise <= 1e-12, $"{dimensions}-D ({options?.Newton?.Linear}): the learned energy rose by {rise:E2} (relative) in a step");
            Assert.True(MassDrift(prediction, data) <= 1e-10, $"{dimensions}-D: mass drifted by {MassDrift(prediction, data):E2}");
        }
    }

    [Fact]
    public void FrictionModelLearnsANonNegativeRAndNeverGainsEnergy()
    {
        var data = TinyData.DampedSpring;
        Assert.Equal("friction", ModelSetup.Resolve(data, "auto", friction: false));
        using var model = Train(data, new ModelChoices("dgnet", Friction: true, Hidden: 16), steps: 150, lr: 1e-2);
        var r = StructureReport.FrictionCoefficients(model)!;
        Assert.All(r, x => Assert.True(x >= 0, $"learned friction {x}"));
        using var prediction = PredictTest(model, data, 60, "eq6");
        double rise = LargestRelativeRise(prediction.ModelEnergy!);
        Assert.True(rise <= 1e-12, $"the learned energy rose by {rise:E2} (relative) in a step");
        Assert.True((prediction.ModelEnergy![.., -1] < prediction.ModelEnergy[.., 0]).all().item<bool>(), "friction dissipates energy");
    }

    [Fact]
    public void LearnedKernelOnTwoDimensionalCahnHilliardTrainsAndIsChecked()
    {
        var data = TinyData.CahnHilliard2d;
        var spec = ModelSetup.Spec(data, new ModelChoices("dgnet", "learned", Hidden: 8));
        manual_seed(0);
        using var model = PhysicsModels.Create(spec);
        using var pairs = TrainingPairs.From(data, data.TrainTrajectories, model.DType);
        using var trainer = new Trainer(model, pairs, new TrainingOptions { Solver = "eq6", Steps = 60, BatchSize = 16, LearningRate = 1e-2 });
        double before = trainer.Evaluate(pairs);
        for (int i = 0; i < 60; i++)
        {
            using var scope = NewDisposeScope();
            trainer.Step();
        }
        double after = trainer.Evaluate(pairs);
        Assert.True(after < 0.9 * before, $"the training loss went from {before:E3} to {after:E3}");

        var report = StructureReport.Kernel(model)!;
        Assert.Equal([3L, 3L], report.KernelShape);
        Assert.Equal([8L, 8L], report.GridShape);
        string text = StructureReport.ToText(model);
        Assert.Contains("learned kernel, constraint free", text);
        Assert.Contains("kernel 3x3:", text);
        Assert.Matches(@"sum -?\d\.\d{3}E[+-]\d\d", text);
        Assert.Contains("symmetry: largest change under 90° rotations and reflections", text);
        Assert.Matches(@"symmetric part on a 8x8 grid: eigenvalues in \[", text);
    }
}
