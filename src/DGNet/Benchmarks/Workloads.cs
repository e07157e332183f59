using DGNet.Data;
using DGNet.Evaluation;
using DGNet.Models;
using DGNet.Systems;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Benchmarks;

/// <summary>
/// The workloads of <c>dgnet bench</c> (issue 8), in the order they run: the machine's matrix-product rate, training
/// steps of DGNet and of the HNN baselines, rollouts with eq6 and Dormand-Prince, dataset generation, and the memory
/// trend over many KdV training steps. Names are fixed: reports and scripts refer to them.
/// </summary>
public static class Workloads
{
    /// <summary>Steps of a KdV rollout (the paper's test rollouts), and in a quick bench.</summary>
    private const int KdvRolloutSteps = 500, QuickKdvRolloutSteps = 50;

    /// <summary>
    /// Steps of the finite-difference KdV rollouts: every step of predict-eq6-kdv-fd costs the same (one fresh
    /// Jacobian), so a short rollout gives its time per step; predict-eq6-kdv-fd-reused runs the whole rollout, as
    /// predict-eq6-kdv does, since how long a kept Jacobian serves depends on how far the states move.
    /// </summary>
    private const int FreshJacobianSteps = 20;

    /// <summary>Newton as predictions use it on a KdV state (50 unknowns), with finite-difference Jacobians.</summary>
    private static Integrators.NewtonOptions FiniteDifferenceNewton =>
        PredictionOptions.Default.NewtonFor(50) with { Jacobian = Integrators.JacobianSource.FiniteDifference };

    /// <summary>Steps of the generated datasets in a quick bench (the defaults have 500).</summary>
    private const int QuickGenerationSteps = 50;

    /// <summary>Every workload, in run order.</summary>
    public static IReadOnlyList<Workload> All { get; } =
    [
        new()
        {
            Name = "matmul-peak", Unit = "product", Repetitions = 10,
            Description = "float64 product of two 1024 × 1024 matrices: the machine's matrix-product rate",
            Prepare = _ => new MatrixProductRun(1024),
        },
        Training("train-dgnet-kdv", "DGNet training step, KdV (batch 200, grid 50, widths 200, float64)",
            () => BenchData.KdV, "dgnet", ScalarType.Float64, new TrainingOptions { Solver = "eq6", BatchSize = 200 }),
        Training("train-dgnet-spring-f32", "DGNet training step, mass-spring (full batch of 2475 pairs, widths 200, float32)",
            () => BenchData.MassSpring, "dgnet", ScalarType.Float32, new TrainingOptions { Solver = "eq6", WeightDecay = 1e-4 }),
        Training("train-dgnet-spring-f64", "DGNet training step, mass-spring (full batch of 2475 pairs, widths 200, float64)",
            () => BenchData.MassSpring, "dgnet", ScalarType.Float64, new TrainingOptions { Solver = "eq6", WeightDecay = 1e-4 }),
        Training("train-dgnet-ch2d-64", "DGNet training step, 2-D Cahn-Hilliard 64 × 64 (batch 32, widths 200, float64)",
            () => BenchData.CahnHilliard2d64, "dgnet", ScalarType.Float64, new TrainingOptions { Solver = "eq6", BatchSize = 32, MicroBatch = 4 }, quickWarmUps: 0),
        Training("train-hnn-rk2-spring", "HNN training step through RK2, mass-spring (full batch, float32)",
            () => BenchData.MassSpring, "hnn", ScalarType.Float32, new TrainingOptions { Solver = "midpoint", WeightDecay = 1e-4 }),
        Training("train-hnn-dopri5-spring", "HNN training step through adaptive Dormand-Prince, mass-spring (full batch, float32)",
            () => BenchData.MassSpring, "hnn", ScalarType.Float32, new TrainingOptions { Solver = "dopri5", WeightDecay = 1e-4 }, quickWarmUps: 0),
        Training("train-hnn-rk2-kdv", "HNN++ training step through RK2, KdV (batch 200, float64)",
            () => BenchData.KdV, "hnn", ScalarType.Float64, new TrainingOptions { Solver = "midpoint", BatchSize = 200 }),
        Training("train-hnn-dopri5-kdv", "HNN++ training step through adaptive Dormand-Prince, KdV (batch 200, float64)",
            () => BenchData.KdV, "hnn", ScalarType.Float64, new TrainingOptions { Solver = "dopri5", BatchSize = 200 }, quickWarmUps: 0),
        new()
        {
            Name = "predict-eq6-spring", Unit = "trajectory-step",
            Description = "Eq. (6) rollout of a DGNet, mass-spring, 15 trajectories × 99 steps (float32)",
            Prepare = _ => SpringRollout("eq6"),
        },
        new()
        {
            Name = "predict-eq6-kdv", Unit = "trajectory-step", Repetitions = 5,
            Description = "Eq. (6) rollout of a DGNet, KdV, 10 trajectories × 500 steps (float64, exact Jacobian)",
            Prepare = scale => KdvRollout("eq6", scale, null),
        },
        new()
        {
            Name = "predict-eq6-kdv-fd", Unit = "trajectory-step", Repetitions = 3, QuickWarmUps = 0,
            Description = "the same Eq. (6) steps solved as the reference's root finder does: a finite-difference Jacobian " +
                          "formed afresh for every solve (no reuse across iterations or steps)",
            Prepare = scale => KdvRollout("eq6", scale, FiniteDifferenceNewton with { ReuseJacobian = false }, FreshJacobianSteps),
        },
        new()
        {
            Name = "predict-eq6-kdv-fd-reused", Unit = "trajectory-step", Repetitions = 3,
            Description = "the same Eq. (6) steps with a finite-difference Jacobian kept over the steps as the exact one is",
            Prepare = scale => KdvRollout("eq6", scale, FiniteDifferenceNewton),
        },
        new()
        {
            Name = "predict-dopri5-spring", Unit = "trajectory-step",
            Description = "Dormand-Prince rollout (rtol 1e-7, atol 1e-9) of the same mass-spring DGNet",
            Prepare = _ => SpringRollout("dopri5"),
        },
        new()
        {
            Name = "predict-dopri5-kdv", Unit = "trajectory-step", Repetitions = 5,
            Description = "Dormand-Prince rollout (rtol 1e-7, atol 1e-9) of the same KdV DGNet",
            Prepare = scale => KdvRollout("dopri5", scale, null),
        },
        Generation("generate-kdv", "default KdV dataset (100 trajectories × 500 steps, Furihata's scheme)", new KdV()),
        Generation("generate-cahn-hilliard", "default Cahn-Hilliard dataset (100 trajectories × 500 steps, Furihata's scheme)",
            new CahnHilliard()),
        MemoryTrend("memory-trend-kdv", 100, 1000, onRequestOnly: false),
        MemoryTrend("memory-flat-kdv", 1000, 10000, onRequestOnly: true),
    ];

    /// <summary>The names, in run order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(w => w.Name).ToArray();

    /// <summary>
    /// Names of the memory comparison of 2-D Cahn-Hilliard training (<see cref="MemoryComparison"/>): "memory-ch2d"
    /// for every size, "memory-ch2d-32" and so on for one. Each case runs in a child process, not under the harness.
    /// </summary>
    public static IReadOnlyList<string> MemoryComparisonNames { get; } =
        ["memory-ch2d", .. MemoryComparison.DefaultGrids.Select(g => $"memory-ch2d-{g}")];

    /// <summary>The workload called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such workload; the message lists the names.</exception>
    public static Workload Find(string name) =>
        All.FirstOrDefault(w => string.Equals(w.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw Unknown(name);

    /// <summary>
    /// The workloads named in <paramref name="only"/> (in run order, each once), or every workload that runs by default
    /// at <paramref name="scale"/> when it is null or empty. Names of the memory comparison are accepted and left to
    /// <see cref="SelectMemoryGrids"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A name is unknown.</exception>
    public static IReadOnlyList<Workload> Select(IEnumerable<string>? only, BenchmarkScale scale = BenchmarkScale.Full)
    {
        var names = Requested(only);
        if (names.Count == 0) return All.Where(w => !w.OnRequestOnly && !(w.FullOnly && scale == BenchmarkScale.Quick)).ToArray();
        var chosen = names.Where(n => !IsMemoryComparison(n)).Select(Find).ToHashSet();
        return All.Where(chosen.Contains).ToArray();
    }

    /// <summary>
    /// The grid sizes of the memory comparison that <paramref name="only"/> asks for: every size in a full bench
    /// without --only, none in a quick one (each case starts a process and takes up to a minute).
    /// </summary>
    /// <exception cref="ArgumentException">A name is unknown.</exception>
    public static IReadOnlyList<int> SelectMemoryGrids(IEnumerable<string>? only, BenchmarkScale scale)
    {
        var names = Requested(only);
        if (names.Count == 0) return scale == BenchmarkScale.Full ? MemoryComparison.DefaultGrids : [];
        foreach (var name in names.Where(n => !IsMemoryComparison(n))) Find(name);
        return MemoryComparison.DefaultGrids
            .Where(g => names.Any(n => n.Equals("memory-ch2d", StringComparison.OrdinalIgnoreCase)
                                       || n.Equals($"memory-ch2d-{g}", StringComparison.OrdinalIgnoreCase)))
            .ToArray();
    }

    private static List<string> Requested(IEnumerable<string>? only) =>
        only?.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList() ?? [];

    private static bool IsMemoryComparison(string name) =>
        MemoryComparisonNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static ArgumentException Unknown(string? name) =>
        new($"--only: unknown workload '{name}' (known: {string.Join(", ", Names.Concat(MemoryComparisonNames))})");

    private static Workload Training(string name, string description, Func<Dataset> data, string model, ScalarType dtype,
        TrainingOptions options, int quickWarmUps = 1) => new()
    {
        Name = name, Unit = "step", Description = description, WarmUps = 2, QuickWarmUps = quickWarmUps, Repetitions = 15,
        Prepare = _ => new TrainingStepRun(data(), model, dtype, options),
    };

    private static Workload Generation(string name, string description, PhysicalSystem system) => new()
    {
        Name = name, Unit = "dataset", Description = description, WarmUps = 0, Repetitions = 3, Budget = TimeSpan.FromSeconds(60),
        Prepare = scale =>
        {
            // A tiny dataset first, so that the timed runs do not include JIT compilation.
            using (DatasetGenerator.Generate(system, system.DefaultSettings with { Trajectories = 2, Steps = 2 })) { }
            var settings = system.DefaultSettings with { Seed = 0 };
            if (scale == BenchmarkScale.Full) return new GenerationRun(system, settings);
            return new GenerationRun(system, settings with { Steps = QuickGenerationSteps })
            {
                Note = $"shortened: {QuickGenerationSteps} of {settings.Steps} steps",
            };
        },
    };

    private static Workload MemoryTrend(string name, int early, int total, bool onRequestOnly) => new()
    {
        Name = name, Unit = "step", WarmUps = 0, Repetitions = 1, OnRequestOnly = onRequestOnly, FullOnly = true,
        Description = $"peak memory after {early} and after {total} KdV DGNet training steps (batch 200, float64)",
        Prepare = _ => new MemoryTrendRun(
            new TrainingStepRun(BenchData.KdV, "dgnet", ScalarType.Float64, new TrainingOptions { Solver = "eq6", BatchSize = 200 }), early, total),
    };

    private static PredictionRun SpringRollout(string solver)
    {
        var data = BenchData.MassSpring;
        var model = BenchData.SpringModel;
        var test = data.TestTrajectories.Take(15).Select(t => (long)t).ToArray();
        using var index = tensor(test);
        var initial = data.U.index_select(0, index).select(1, 0).to_type(model.DType).contiguous();
        return new PredictionRun(model, initial, data.TimePoints - 1, solver);
    }

    private static PredictionRun KdvRollout(string solver, BenchmarkScale scale, Integrators.NewtonOptions? newton, int? fixedSteps = null)
    {
        var initial = BenchData.KdV.U.select(1, 0).contiguous();
        var options = PredictionOptions.Default with { Newton = newton };
        int steps = fixedSteps ?? (scale == BenchmarkScale.Full ? KdvRolloutSteps : QuickKdvRolloutSteps);
        steps = Math.Min(steps, scale == BenchmarkScale.Full ? KdvRolloutSteps : QuickKdvRolloutSteps);
        return new PredictionRun(BenchData.KdvModel, initial, steps, solver, options)
        {
            Note = steps < KdvRolloutSteps ? $"shortened: {steps} of {KdvRolloutSteps} steps" : null,
        };
    }
}
