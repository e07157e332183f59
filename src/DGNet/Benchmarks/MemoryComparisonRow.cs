namespace DGNet.Benchmarks;

/// <summary>
/// The outcome of one <see cref="MemoryCase"/>: the time of the measured training step, the process's resident
/// memory before it and at its peak, and the solver steps of its forward pass; or why it was not measured.
/// </summary>
/// <param name="Case">What was measured.</param>
/// <param name="StepMs">Wall time of the training step, ms.</param>
/// <param name="BaselineMb">Resident memory just before the step (runtime, libtorch, data, weights, gradients and
/// Adam state of an earlier step), MiB.</param>
/// <param name="PeakMb">Peak resident memory during the step, MiB (VmHWM, reset just before it).</param>
/// <param name="SolverSteps">Accepted Dormand-Prince steps over one pair interval (0 for DGNet).</param>
/// <param name="RejectedSteps">Rejected Dormand-Prince steps.</param>
/// <param name="FieldEvaluations">Evaluations of the (discrete) gradient field in the forward pass.</param>
/// <param name="Failure">Why no figures were obtained (e.g. the memory cap was hit), or null.</param>
public sealed record MemoryComparisonRow(
    MemoryCase Case,
    double? StepMs,
    double? BaselineMb,
    double? PeakMb,
    long? SolverSteps,
    long? RejectedSteps,
    long? FieldEvaluations,
    string? Failure = null)
{
    /// <summary>What the step itself added on top of the baseline (activations, autograd graph), MiB.</summary>
    public double? StepMb => PeakMb - BaselineMb;

    /// <summary>A row for a case that could not be measured.</summary>
    public static MemoryComparisonRow Failed(MemoryCase c, string reason, double? peakMb = null) =>
        new(c, null, null, peakMb, null, null, null, reason);

    /// <summary>The row as a bench result named <see cref="MemoryCase.Name"/> (unit "step", no FLOP estimate).</summary>
    public BenchmarkResult ToBenchmarkResult(int threads, double? load)
    {
        var metrics = new Dictionary<string, double>
        {
            ["grid"] = Case.Grid,
            ["batch"] = Case.Batch,
            ["horizon_dt"] = Case.Horizon,
        };
        if (StepMb is double step) metrics["step_mb"] = step;
        if (SolverSteps is long steps) metrics["solver_steps"] = steps;
        if (RejectedSteps is long rejected) metrics["rejected_steps"] = rejected;
        if (FieldEvaluations is long evaluations) metrics["field_evaluations"] = evaluations;
        double ms = StepMs ?? double.NaN;
        return new BenchmarkResult(Case.Name, "step", ms, ms, ms, StepMs is null ? 0 : 1, null, null, PeakMb, threads, load,
            Failure ?? "one step in a fresh process; peak_mb includes the process baseline, step_mb excludes it", 0, metrics);
    }
}
