using DGNet.Reproduction;
using DGNet.Systems;

namespace DGNet.Tests.Reproduction;

/// <summary>
/// A reproduction small enough for tests, built like the real presets: KdV on 16 points (the PDE rows and a long
/// rollout past the data), 2-D Cahn-Hilliard on 8 × 8 with a learned kernel, and mass-spring (the ODE rows, a dataset per
/// seed, the reference's energy-error orbits), with a few training steps of tiny networks.
/// </summary>
internal static class SmokePreset
{
    public static TrainingBudget Budget { get; } = new(6, 16, 0, LogEvery: 3, CheckpointEvery: 3);

    public static ReproductionPreset Create() => new(
        "smoke",
        [
            Presets.Pde("kdv", "KdV", "kdv", new GenerationSettings(4, 20, 1e-3, 0, 0.5), hidden: 8, Budget, grid: 16),
            Presets.LearnedStructure(new GenerationSettings(3, 10, 1e-4, 0, 0.34), grid: 8, hidden: 4, Budget),
            Presets.Ode("mass-spring", "Mass-spring", "mass-spring", new GenerationSettings(4, 20, 0.2, 0.1, 0.5), hidden: 8,
                Budget with { WeightDecay = 1e-4 }, dataPerSeed: true, ReferenceOrbits.SpringAndPendulum),
        ],
        [0],
        new LongRolloutPreset("kdv", 40, ["eq6", "dopri5"]),
        Presets.RealPendulumTemplate(hidden: 8, Budget));

    /// <summary>A request for the smoke preset in <paramref name="output"/>, one libtorch thread.</summary>
    public static ReproductionRequest Request(string output, IReadOnlySet<ReproductionSuite>? suites = null) => new()
    {
        Preset = Create(),
        Output = output,
        Suites = suites ?? ReproductionRequest.AllSuites,
        Threads = 1,
    };
}
