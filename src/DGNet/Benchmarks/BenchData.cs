using DGNet.Data;
using DGNet.Models;
using DGNet.Systems;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Benchmarks;

/// <summary>
/// The data and models the workloads run on, generated with the library's own simulators (seed 0), so that every
/// bench measures the same work: the paper's mass-spring data, a small KdV set whose pairs have the paper's grid and
/// time step, and a short 2-D Cahn-Hilliard run on a 64 × 64 grid. Each is made once per process and shared (never
/// disposed): several workloads use the same data, and the prediction workloads the same trained models.
/// </summary>
public static class BenchData
{
    /// <summary>Training steps given to the models that the prediction workloads roll out, so that they predict with
    /// learned rather than random energies.</summary>
    public const int SpringPretraining = 100, KdvPretraining = 20;

    private static readonly Lazy<Dataset> massSpring = new(() => Generate(new MassSpring(), s => s));
    private static readonly Lazy<Dataset> kdv = new(() => Generate(new KdV(), s => s with { Trajectories = 10, Steps = 50 }));
    private static readonly Lazy<Dataset> cahnHilliard2d = new(() =>
        Generate(new CahnHilliard(2, 64), s => s with { Trajectories = 3, Steps = 16, TestFraction = 1.0 / 3 }));
    private static readonly Lazy<PhysicsModel> springModel = new(() =>
        Pretrained(MassSpring, ScalarType.Float32, new TrainingOptions { Solver = "eq6", WeightDecay = 1e-4 }, SpringPretraining));
    private static readonly Lazy<PhysicsModel> kdvModel = new(() =>
        Pretrained(KdV, ScalarType.Float64, new TrainingOptions { Solver = "eq6", BatchSize = 200 }, KdvPretraining));

    /// <summary>The paper's mass-spring dataset: 50 trajectories of 100 points (25 train: 2475 pairs).</summary>
    public static Dataset MassSpring => massSpring.Value;

    /// <summary>KdV on the paper's grid (M = 50, dt = 1e-3): 10 trajectories × 50 steps (9 train: 450 pairs).</summary>
    public static Dataset KdV => kdv.Value;

    /// <summary>2-D Cahn-Hilliard on a 64 × 64 grid: 3 trajectories × 16 steps (2 train: 32 pairs).</summary>
    public static Dataset CahnHilliard2d64 => cahnHilliard2d.Value;

    /// <summary>A float32 DGNet trained for <see cref="SpringPretraining"/> steps on <see cref="MassSpring"/>.</summary>
    public static PhysicsModel SpringModel => springModel.Value;

    /// <summary>A float64 DGNet trained for <see cref="KdvPretraining"/> steps on <see cref="KdV"/> (batch 200).</summary>
    public static PhysicsModel KdvModel => kdvModel.Value;

    /// <summary>
    /// A fresh model for <paramref name="data"/> with the structure of its system and the paper's widths (200, tanh),
    /// weights from seed 0.
    /// </summary>
    public static PhysicsModel Model(Dataset data, string model, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(data);
        var spec = ModelSetup.Spec(data, new ModelChoices(model, DType: ComputeSettings.DTypeName(dtype)));
        return PhysicsModels.Create(spec, seed: 0);
    }

    /// <summary>The train pairs of <paramref name="data"/> in <paramref name="dtype"/>.</summary>
    public static TrainingPairs TrainPairs(Dataset data, ScalarType dtype) => TrainingPairs.From(data, data.TrainTrajectories, dtype);

    private static Dataset Generate(PhysicalSystem system, Func<GenerationSettings, GenerationSettings> adjust) =>
        DatasetGenerator.Generate(system, adjust(system.DefaultSettings with { Seed = 0 }));

    private static PhysicsModel Pretrained(Dataset data, ScalarType dtype, TrainingOptions options, int steps)
    {
        var model = Model(data, "dgnet", dtype);
        using var pairs = TrainPairs(data, dtype);
        using var trainer = new Trainer(model, pairs, options);
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            trainer.Step();
        }
        return model;
    }
}
