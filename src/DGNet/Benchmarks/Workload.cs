namespace DGNet.Benchmarks;

/// <summary>
/// A named piece of work that <see cref="BenchmarkHarness"/> times: what one measurement covers (its unit), how to set
/// it up at a given scale, how many repetitions it gets and with how many libtorch threads it runs. The same
/// definitions serve <c>dgnet bench</c> and the BenchmarkDotNet suites in bench/.
/// </summary>
public sealed record Workload
{
    /// <summary>The name used by <c>--only</c> and in the JSON report, e.g. "train-dgnet-kdv".</summary>
    public required string Name { get; init; }

    /// <summary>What one reported time covers: "step", "trajectory-step", "dataset" or "product".</summary>
    public required string Unit { get; init; }

    /// <summary>One line saying what is measured.</summary>
    public required string Description { get; init; }

    /// <summary>Builds the data and model and returns the runnable work (setup is never timed).</summary>
    public required Func<BenchmarkScale, IWorkloadRun> Prepare { get; init; }

    /// <summary>Untimed runs before the measurements (JIT compilation, heap and caches warmed up).</summary>
    public int WarmUps { get; init; } = 1;

    /// <summary>Warm-up runs in a quick bench (at most <see cref="WarmUps"/>); 0 for work whose single run takes seconds.</summary>
    public int QuickWarmUps { get; init; } = 1;

    /// <summary>Most measured runs at full scale; fewer when <see cref="Budget"/> is used up first.</summary>
    public int Repetitions { get; init; } = 10;

    /// <summary>Measured time after which no further repetition starts (at least three runs at full scale, one when
    /// quick).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// libtorch intra-op threads for this workload, or null for the caller's setting (restored afterwards). Chosen by
    /// measurement: work on tiny tensors and batched small LU solves runs faster on one thread than on two.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Run only when named explicitly (it takes too long for the default bench).</summary>
    public bool OnRequestOnly { get; init; }

    /// <summary>Left out of a quick bench unless named explicitly (it cannot be shortened meaningfully).</summary>
    public bool FullOnly { get; init; }
}
