namespace DGNet.Benchmarks;

/// <summary>The measurements of one workload.</summary>
/// <param name="Name">Workload name.</param>
/// <param name="Unit">What one time covers ("step", "trajectory-step", "dataset", "product").</param>
/// <param name="MedianMs">Median time per unit, in milliseconds.</param>
/// <param name="MinMs">Fastest time per unit.</param>
/// <param name="MaxMs">Slowest time per unit.</param>
/// <param name="Repetitions">Measured runs.</param>
/// <param name="FlopPerUnit">Matrix-product FLOPs per unit, or null where no estimate applies.</param>
/// <param name="Gflops">Achieved GFLOP/s (median over the runs), or null.</param>
/// <param name="PeakMb">The process's peak resident memory while the workload ran (MiB), including what the process
/// held before it (runtime, libtorch, the workload's data); null where it cannot be read.</param>
/// <param name="Threads">libtorch threads used.</param>
/// <param name="Load">The machine's 1-minute load average when the measurement started (null off Linux).</param>
/// <param name="Note">How the setup differs from the specified workload (e.g. shortened), or null.</param>
/// <param name="SetupSeconds">Time spent setting the workload up (data, models; not part of the measurement).</param>
/// <param name="Metrics">Further figures by JSON name (e.g. "newton_iterations").</param>
public sealed record BenchmarkResult(
    string Name,
    string Unit,
    double MedianMs,
    double MinMs,
    double MaxMs,
    int Repetitions,
    double? FlopPerUnit,
    double? Gflops,
    double? PeakMb,
    int Threads,
    double? Load,
    string? Note,
    double SetupSeconds,
    IReadOnlyDictionary<string, double> Metrics);
