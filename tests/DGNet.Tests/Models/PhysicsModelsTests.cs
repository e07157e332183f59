using DGNet.Discrete;
using DGNet.Integrators;
using DGNet.Models;
using DGNet.Structure;
using DGNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Models;

/// <summary>
/// The models' contract: which solvers each accepts (and why not the others), rebuilding from the JSON description,
/// the training estimates (eq6 on the pair, the baselines' one solver step) with gradients reaching every parameter,
/// float32, and the neural ODE's translation equivariance on grids.
/// </summary>
public class PhysicsModelsTests
{
    public PhysicsModelsTests() => set_num_threads(1);

    private static ModelSpec OdeSpec(string model, string dtype = "float64") => new()
    {
        Model = model, StateShape = [4], Dt = 0.1, DType = dtype, Hidden = 8,
        Structure = model == "node" ? null : model == "srnn" ? "canonical" : "friction",
    };

    private static ModelSpec FieldSpec(string model, long[] grid, string? structure) => new()
    {
        Model = model, StateShape = grid, Dt = 1e-3, Dx = 0.5, Hidden = 6, Structure = model == "node" ? null : structure,
    };

    public static TheoryData<string> Names => new(PhysicsModels.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryListedPredictionSolverRunsAndEveryOtherIsRefusedWithItsReason(string name)
    {
        manual_seed(1);
        using var model = PhysicsModels.Create(OdeSpec(name));
        var u0 = 0.5 * randn(3, 4, dtype: ScalarType.Float64);
        foreach (string solver in SolverRegistry.Names)
        {
            if (model.PredictionSolvers.Contains(solver))
            {
                var step = SolverRegistry.Create(solver).CreateStepMap(model.Dynamics, model.Spec.Dt);
                using var noGrad = no_grad();
                var next = step(u0, new SolverStats());
                Assert.True(next.isfinite().all().item<bool>(), $"{name} with {solver}");
                continue;
            }
            var error = Assert.Throws<ArgumentException>(() => PhysicsModels.CheckPredictionSolver(name, solver));
            Assert.StartsWith($"--solver {solver}: a {name} model cannot predict with it: ", error.Message);
            Assert.Contains("(valid: ", error.Message);
            if (solver.StartsWith("leapfrog", StringComparison.Ordinal)) Assert.Contains("separable energy", error.Message);
            if (solver == "eq6") Assert.Contains("no energy", error.Message);
        }
        var unknown = Assert.Throws<ArgumentException>(() => PhysicsModels.CheckPredictionSolver(name, "rk45"));
        Assert.StartsWith("--solver: unknown solver 'rk45' (known: euler, midpoint", unknown.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TrainingEstimatesReachEveryParameterThroughEachTrainingSolver(string name)
    {
        foreach (string solver in PhysicsModels.TrainingSolvers(name))
        {
            manual_seed(2);
            using var model = PhysicsModels.Create(OdeSpec(name));
            var u0 = 0.5 * randn(5, 4, dtype: ScalarType.Float64);
            var u1 = u0 + 0.05 * randn(5, 4, dtype: ScalarType.Float64);
            var integrator = SolverRegistry.Create(solver, new Dopri5Options(1e-6, 1e-8));
            var estimate = model.EstimateDerivative(u0, u1, integrator);
            Assert.Equal(u0.shape, estimate.shape);
            estimate.square().sum().backward();
            foreach (var (parameter, value) in model.named_parameters())
            {
                Assert.NotNull(value.grad);
                Assert.True(value.grad!.isfinite().all().item<bool>(), $"{name}/{solver}: {parameter}");
                Assert.True(value.grad.abs().max().item<double>() > 0, $"{name}/{solver}: no gradient reaches {parameter}");
            }
        }
        foreach (string solver in SolverRegistry.Names.Except(PhysicsModels.TrainingSolvers(name)))
            Assert.Throws<ArgumentException>(() => PhysicsModels.CheckTrainingSolver(name, solver));
    }

    [Fact]
    public void EstimatesAreTheDiscreteFieldForEq6AndOneSolverStepOtherwise()
    {
        manual_seed(3);
        var u0 = 0.5 * randn(4, 4, dtype: ScalarType.Float64);
        var u1 = u0 + 0.1 * randn(4, 4, dtype: ScalarType.Float64);
        using var guard = no_grad();

        using var dgnet = (EnergyModel)PhysicsModels.Create(OdeSpec("dgnet"));
        var expected = dgnet.Structure.Apply(DiscreteGradient.Of(dgnet.EnergyNetwork, u1, u0).Gradient);
        Assert.Equal(0, (dgnet.EstimateDerivative(u0, u1, SolverRegistry.Create("eq6")) - expected).abs().max().item<double>());

        using var hnn = (EnergyModel)PhysicsModels.Create(OdeSpec("hnn"));
        var rk4 = new Rk4().Step(hnn.Field, u0, 0.1);
        Assert.Equal(0, (hnn.EstimateDerivative(u0, u1, SolverRegistry.Create("rk4")) - (rk4 - u0) / 0.1).abs().max().item<double>());
        // Baselines use u0 only.
        Assert.Equal(0, (hnn.EstimateDerivative(u0, u1, new Euler()) - hnn.EstimateDerivative(u0, 2 * u1, new Euler())).abs().max().item<double>());

        using var srnn = (Srnn)PhysicsModels.Create(OdeSpec("srnn"));
        var leap = new Leapfrog().Step(srnn.Gradients, u0, 0.1);
        Assert.Equal(0, (srnn.EstimateDerivative(u0, u1, new Leapfrog()) - (leap - u0) / 0.1).abs().max().item<double>());
        // The separable field is the canonical field of H = T(p) + V(q).
        Assert.True((srnn.Gradients.Field(u0) - srnn.Field(u0)).abs().max().item<double>() < 1e-14);
    }

    [Theory]
    [InlineData("dgnet", new long[] { 4 }, null)]
    [InlineData("hnn", new long[] { 10 }, "learned-dissipative")]
    [InlineData("node", new long[] { 6, 5 }, null)]
    [InlineData("srnn", new long[] { 4 }, null)]
    [InlineData("dgnet", new long[] { 6, 5 }, "learned")]
    public void AModelIsRebuiltExactlyFromItsJsonDescriptionAndWeights(string name, long[] shape, string? structure)
    {
        var spec = shape.Length == 1 && structure is null ? OdeSpec(name) : FieldSpec(name, shape, structure);
        manual_seed(4);
        using var original = PhysicsModels.Create(spec);
        string weights = TempFiles.Path("model.npz");
        ModelWeights.Save(original, weights);

        var json = spec.ToJson();
        Assert.Contains("\"dtype\": \"float64\"", json);
        var copySpec = ModelSpec.FromJson(json);
        Assert.Equal(json, copySpec.ToJson());
        manual_seed(99);
        using var copy = PhysicsModels.Create(copySpec);
        ModelWeights.Load(copy, weights);

        var u = 0.3 * randn([3, .. shape], dtype: ScalarType.Float64);
        using var guard = no_grad();
        Assert.Equal(0, (original.Dynamics.Field(u) - copy.Dynamics.Field(u)).abs().max().item<double>());
        if (original.HasEnergy) Assert.Equal(0, (original.Energy(u) - copy.Energy(u)).abs().max().item<double>());
    }

    [Fact]
    public void WeightsOfAnotherArchitectureAreRefusedNamingTheParameter()
    {
        manual_seed(5);
        using var small = PhysicsModels.Create(OdeSpec("dgnet"));
        string weights = TempFiles.Path("model.npz");
        ModelWeights.Save(small, weights);
        using var wide = PhysicsModels.Create(OdeSpec("dgnet") with { Hidden = 9 });
        var error = Assert.Throws<DGNet.Data.DataFileException>(() => ModelWeights.Load(wide, weights));
        Assert.Equal($"{weights}: parameter 'energy.blocks.0.weight' has shape [8, 4], the model needs [9, 4]", error.Message);
    }

    [Fact]
    public void Float32ModelsTrainAndPredictInFloat32()
    {
        manual_seed(6);
        using var model = PhysicsModels.Create(OdeSpec("dgnet", "float32"));
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        var u0 = 0.5f * randn(3, 4, dtype: ScalarType.Float32);
        var estimate = model.EstimateDerivative(u0, u0 + 0.01f, SolverRegistry.Create("eq6"));
        Assert.Equal(ScalarType.Float32, estimate.dtype);
        using var guard = no_grad();
        var next = new DiscreteGradientStep().Step(model.Dynamics.DiscreteField!, u0, 0.1);
        Assert.Equal(ScalarType.Float32, next.dtype);
        var drop = model.Energy(next) - model.Energy(u0);
        Assert.True(drop.max().item<float>() <= 1e-5f, "friction makes the learned energy non-increasing in float32 too");
        Assert.Throws<ArgumentException>(() => model.EstimateDerivative(u0.to_type(ScalarType.Float64), u0.to_type(ScalarType.Float64), new Euler()));
    }

    [Theory]
    [InlineData(new long[] { 12 })]
    [InlineData(new long[] { 6, 7 })]
    public void NeuralOdeOnAGridIsTranslationEquivariant(long[] grid)
    {
        manual_seed(7);
        using var model = PhysicsModels.Create(FieldSpec("node", grid, null));
        var u = randn([2, .. grid], dtype: ScalarType.Float64);
        var dims = Enumerable.Range(0, grid.Length).Select(a => (long)(a - grid.Length)).ToArray();
        var shifts = grid.Select(_ => 2L).ToArray();
        using var guard = no_grad();
        var f = model.Dynamics.Field(u);
        Assert.Equal(u.shape, f.shape);
        Assert.True((model.Dynamics.Field(u.roll(shifts, dims)) - f.roll(shifts, dims)).abs().max().item<double>() < 1e-13);
    }

    [Fact]
    public void SpecsThatCannotDescribeAModelAreRefusedNamingTheOption()
    {
        var good = OdeSpec("dgnet");
        Assert.Equal("--structure: unknown structure 'sympletic' (known: canonical, friction, d, d2, learned, learned-skew, learned-dissipative)",
            Assert.Throws<ArgumentException>(() => (good with { Structure = "sympletic" }).Validate()).Message);
        Assert.StartsWith("--activation: unknown activation 'gelu'", Assert.Throws<ArgumentException>(() => (good with { Activation = "gelu" }).Validate()).Message);
        Assert.Equal("--hidden: must be at least 1 (got 0)", Assert.Throws<ArgumentException>(() => (good with { Hidden = 0 }).Validate()).Message);
        Assert.StartsWith("--structure: a neural ODE has no structure G", Assert.Throws<ArgumentException>(() => (good with { Model = "node" }).Validate()).Message);
        Assert.StartsWith("srnn: a separable energy T(p) + V(q) needs ODE states (q, p) of even length",
            Assert.Throws<ArgumentException>(() => PhysicsModels.Create(OdeSpec("srnn") with { StateShape = [3] })).Message);
        Assert.StartsWith("--kernel: a 5-wide kernel does not fit the grid [4]",
            Assert.Throws<ArgumentException>(() => (FieldSpec("dgnet", [4], "learned") with { KernelSize = 5 }).Validate()).Message);
    }

    [Fact]
    public async Task ASeededModelHasTheSameWeightsWhileOtherThreadsBuildModels()
    {
        var spec = OdeSpec("dgnet");
        double[] Weights(PhysicsModel model) =>
            model.parameters().SelectMany(p => p.detach().flatten().data<double>().ToArray()).ToArray();
        double[] reference;
        using (var first = PhysicsModels.Create(spec, seed: 7)) reference = Weights(first);

        using var stop = new CancellationTokenSource();
        var others = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested) PhysicsModels.Create(spec).Dispose();
        })).ToArray();
        var differing = 0;
        for (int i = 0; i < 300; i++)
        {
            using var model = PhysicsModels.Create(spec, seed: 7);
            if (!Weights(model).SequenceEqual(reference)) differing++;
        }
        stop.Cancel();
        await Task.WhenAll(others);

        Assert.Equal(0, differing);
    }
}
