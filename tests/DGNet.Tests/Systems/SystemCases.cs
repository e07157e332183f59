using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Systems;

/// <summary>Every registered system at a small size, and random test states for each.</summary>
internal static class SystemCases
{
    /// <summary>The registry names, as xunit theory data.</summary>
    public static TheoryData<string> Names => new(SystemRegistry.Names);

    /// <summary>The system by name, on a small grid for fields so that dense Jacobians stay cheap.</summary>
    public static PhysicalSystem Small(string name) => name switch
    {
        "kdv" => new KdV(grid: 12),
        "cahn-hilliard" => new CahnHilliard(1, grid: 10),
        "cahn-hilliard-2d" => new CahnHilliard(2, grid: 5),
        _ => SystemRegistry.Create(name),
    };

    /// <summary>Initial states from the sampler, perturbed so that every component varies independently.</summary>
    public static Tensor States(PhysicalSystem system, int count, ScalarType dtype = ScalarType.Float64, long seed = 1)
    {
        using var generator = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        var u = system.SampleInitialStates(count, generator, dtype, CPU);
        var scale = u.abs().max().item<double>();
        // Cahn-Hilliard's phases lie near ±1: cover that range too.
        if (system is CahnHilliard) scale = 1;
        var perturbation = 0.3 * scale * randn(u.shape, dtype: dtype, generator: generator);
        return (u + perturbation).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The dense structure matrix G [n, n] written out entry by entry from its definition, independently of the
    /// library's difference operators.
    /// </summary>
    public static double[,] StructureMatrix(PhysicalSystem system)
    {
        int n = (int)system.StateShape.Aggregate(1L, (a, b) => a * b);
        var g = new double[n, n];
        switch (system)
        {
            case HamiltonianSystem h:
                int d = h.DegreesOfFreedom;
                for (int i = 0; i < d; i++)
                {
                    g[i, d + i] = 1;
                    g[d + i, i] = -1;
                    g[d + i, d + i] = -h.Friction;
                }
                break;
            case FieldSystem f when system.Structure.Name == "d":
                for (int i = 0; i < n; i++)
                {
                    g[i, (i + 1) % n] += 1 / (2 * f.Dx);
                    g[i, (i + n - 1) % n] -= 1 / (2 * f.Dx);
                }
                break;
            case FieldSystem { Dimensions: 1 } f when system.Structure.Name == "d2":
                for (int i = 0; i < n; i++)
                {
                    g[i, (i + 1) % n] += 1 / (f.Dx * f.Dx);
                    g[i, (i + n - 1) % n] += 1 / (f.Dx * f.Dx);
                    g[i, i] -= 2 / (f.Dx * f.Dx);
                }
                break;
            case FieldSystem { Dimensions: 2 } f when system.Structure.Name == "d2":
                int m = f.Grid;
                for (int y = 0; y < m; y++)
                for (int x = 0; x < m; x++)
                {
                    int i = y * m + x;
                    foreach (var (dy, dx) in new[] { (0, 1), (0, -1), (1, 0), (-1, 0) })
                        g[i, (y + dy + m) % m * m + (x + dx + m) % m] += 1 / (f.Dx * f.Dx);
                    g[i, i] -= 4 / (f.Dx * f.Dx);
                }
                break;
            default:
                throw new InvalidOperationException($"no structure matrix for {system.Name}");
        }
        return g;
    }

    /// <summary>The largest absolute entry of a tensor.</summary>
    public static double MaxAbs(Tensor t) => t.abs().max().item<double>();
}
