namespace DGNet.Benchmarks;

/// <summary>
/// Many training steps in one run, reading the peak resident memory after the first <c>early</c> steps and at the
/// end: memory that stays flat shows that every step frees what it allocates. Reports the time per step and both
/// peaks with the growth between them.
/// </summary>
public sealed class MemoryTrendRun(TrainingStepRun training, int early, int total) : IWorkloadRun
{
    private readonly Dictionary<string, double> metrics = [];

    /// <inheritdoc/>
    public string? Note { get; init; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Metrics => metrics;

    /// <inheritdoc/>
    public WorkDone Run()
    {
        double flop = 0;
        double earlyMb = double.NaN;
        for (int step = 1; step <= total; step++)
        {
            flop += training.Run().Flop ?? 0;
            if (step == early) earlyMb = Megabytes(MemoryProbe.PeakBytes());
        }
        double endMb = Megabytes(MemoryProbe.PeakBytes());
        metrics["steps_early"] = early;
        metrics["peak_mb_early"] = earlyMb;
        metrics["steps"] = total;
        metrics["peak_mb_end"] = endMb;
        metrics["growth_percent"] = 100 * (endMb - earlyMb) / earlyMb;
        return new WorkDone(total, flop > 0 ? flop : null);
    }

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);

    public void Dispose() => training.Dispose();
}
