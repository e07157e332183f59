using DGNet.Data;
using DGNet.Systems;

namespace DGNet.Tests.Training;

/// <summary>
/// Small ground-truth datasets shared by the model, training and evaluation tests (generated once per test run):
/// few trajectories, few steps and small grids, so that training for a few hundred steps takes seconds.
/// </summary>
internal static class TinyData
{
    private static readonly Lazy<Dataset> spring = new(() => Generate("mass-spring", new(8, 30, 0.1, 0, 0.25, 3)));
    private static readonly Lazy<Dataset> dampedSpring = new(() => Generate("damped-mass-spring", new(6, 30, 0.1, 0, 0.34, 4)));
    private static readonly Lazy<Dataset> kdv = new(() => Generate("kdv", new(4, 60, 1e-3, 0, 0.5, 5), grid: 24));
    private static readonly Lazy<Dataset> cahnHilliard = new(() => Generate("cahn-hilliard", new(4, 40, 1e-4, 0, 0.5, 6), grid: 20));
    private static readonly Lazy<Dataset> cahnHilliard2d = new(() => Generate("cahn-hilliard-2d", new(3, 20, 1e-4, 0, 0.34, 7), grid: 8));

    /// <summary>Harmonic oscillator H = q² + p²: 8 trajectories (6 train, 2 test) of 31 points, dt 0.1, no noise.</summary>
    public static Dataset Spring => spring.Value;

    /// <summary>The oscillator with friction r = 0.05: 6 trajectories (4 train, 2 test) of 31 points, dt 0.1.</summary>
    public static Dataset DampedSpring => dampedSpring.Value;

    /// <summary>KdV on 24 grid points: 4 trajectories (2 train, 2 test) of 61 points, dt 1e-3.</summary>
    public static Dataset KdV => kdv.Value;

    /// <summary>1-D Cahn-Hilliard on 20 points: 4 trajectories (2 train, 2 test) of 41 points, dt 1e-4.</summary>
    public static Dataset CahnHilliard => cahnHilliard.Value;

    /// <summary>2-D Cahn-Hilliard on 8 × 8: 3 trajectories (2 train, 1 test) of 21 points, dt 1e-4.</summary>
    public static Dataset CahnHilliard2d => cahnHilliard2d.Value;

    /// <summary>The dataset saved as a file (for the command line), in a new temporary folder.</summary>
    public static string SaveToFile(Dataset data, string name = "data.npz")
    {
        string path = TempFiles.Path(name);
        data.Save(path);
        return path;
    }

    private static Dataset Generate(string system, GenerationSettings settings, int? grid = null) =>
        DatasetGenerator.Generate(SystemRegistry.Create(system, grid), settings);
}
