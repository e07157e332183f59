using System.Globalization;
using DGNet.Benchmarks;
using DGNet.Reproduction;

namespace DGNet.Cli.Commands;

/// <summary>
/// The memory comparison in the reproduce report's 2-D Cahn-Hilliard section: peak memory and time of one training
/// step of DGNet (Eq. (6)) against HNN++ through Dormand-Prince with back-propagation and with the adjoint method, at
/// several grid sizes. Each case runs in a fresh dgnet process (as in <c>dgnet bench</c>), so every peak is its own.
/// Measured once per output folder and kept there, so a rerun reuses it like the rest of the reproduction.
/// </summary>
internal static class ReproductionMemoryTable
{
    /// <summary>Grid sizes: the quick preset stops at 64×64 (128×128 needs over 8 GB for HNN++ and a minute per case).</summary>
    public static IReadOnlyList<int> Grids(ReproductionPreset preset) =>
        preset.Name == "paper" ? MemoryComparison.DefaultGrids : [32, 64];

    private static string CachePath(ReproductionRequest request) =>
        Path.Combine(request.Output, $"memory-ch2d-{string.Join('-', Grids(request.Preset))}.md");

    /// <summary>
    /// The table for <paramref name="request"/>: kept from an earlier run in its output folder, or measured now with
    /// <paramref name="threads"/> libtorch threads per child (null when 2-D Cahn-Hilliard is not asked for, or when
    /// <paramref name="cancellation"/> stops the measurement).
    /// </summary>
    public static (string? Table, bool Measured) Get(ReproductionRequest request, int threads, TextWriter log, CancellationToken cancellation)
    {
        if (!request.Preset.Datasets.Any(d => d.Key == Presets.CahnHilliard2dKey && request.Includes(d))) return (null, false);
        string cache = CachePath(request);
        if (File.Exists(cache)) return (File.ReadAllText(cache), false);
        var child = ChildProcessMeasurement.ForThisProgram(["--threads", threads.ToString(CultureInfo.InvariantCulture)],
            ChildProcessMeasurement.DefaultCap());
        var rows = new List<MemoryComparisonRow>();
        foreach (var c in MemoryComparison.Cases(Grids(request.Preset)))
        {
            if (cancellation.IsCancellationRequested) return (null, false);
            log.WriteLine($"memory comparison, one training step in its own process: {c.Name}");
            rows.Add(child.Measure(c));
        }
        return (MemoryComparison.ToMarkdown(rows), true);
    }

    /// <summary>Keeps a measured table in the output folder (after the reproduction has made the folder its own).</summary>
    public static void Keep(ReproductionRequest request, string table)
    {
        string path = CachePath(request), temporary = path + ".tmp";
        File.WriteAllText(temporary, table);
        File.Move(temporary, path, overwrite: true);
    }
}
