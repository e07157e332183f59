using DGNet.Evaluation;
using DGNet.Structure;

namespace DGNet.Reproduction;

/// <summary>How a reproduction session ended.</summary>
public enum ReproductionStatus
{
    /// <summary>All work done; tables, figures and report written.</summary>
    Completed,

    /// <summary>Stopped on request (after a training step, with a checkpoint); rerunning continues.</summary>
    Interrupted,
}

/// <summary>The kinds of work of a reproduction.</summary>
public enum JobKind
{
    /// <summary>Generating (or importing) a dataset.</summary>
    Data,

    /// <summary>Training one row's model for one seed.</summary>
    Training,

    /// <summary>Rolling a trained model out over the test split with one solver, with its errors.</summary>
    Prediction,

    /// <summary>The long energy-drift rollout of DGNet from one test state.</summary>
    LongRollout,
}

/// <summary>What a session did with a piece of work.</summary>
public enum JobOutcome
{
    /// <summary>Found finished (by an earlier session, or by another working in the same folder) and reused as it is.</summary>
    Reused,

    /// <summary>Done in this session from scratch.</summary>
    Computed,

    /// <summary>A training continued from the checkpoint of an interrupted session.</summary>
    Resumed,

    /// <summary>A training whose loss became non-finite (its predictions are skipped).</summary>
    Diverged,

    /// <summary>Not done because what it needs failed (a prediction of a diverged training).</summary>
    Skipped,

    /// <summary>Stopped on request.</summary>
    Interrupted,
}

/// <summary>One piece of work and what the session did with it.</summary>
/// <param name="Kind">Data, training, prediction or long rollout.</param>
/// <param name="Name">A readable name.</param>
/// <param name="Path">The file or run directory it wrote.</param>
/// <param name="Outcome">Reused, computed, resumed, ...</param>
/// <param name="Seconds">Wall time spent on it in this session.</param>
public sealed record JobRecord(JobKind Kind, string Name, string Path, JobOutcome Outcome, double Seconds);

/// <summary>A mean with its sample standard deviation over the seeds that have a finite value.</summary>
/// <param name="Mean">The mean (NaN when no seed has a value).</param>
/// <param name="StandardDeviation">The sample standard deviation (0 for one value).</param>
/// <param name="Count">Seeds with a finite value.</param>
public sealed record Statistic(double Mean, double StandardDeviation, int Count)
{
    /// <summary>The statistic of <paramref name="values"/> (non-finite ones are left out).</summary>
    public static Statistic Of(IEnumerable<double?> values)
    {
        var kept = values.Where(v => v is double x && double.IsFinite(x)).Select(v => v!.Value).ToArray();
        if (kept.Length == 0) return new Statistic(double.NaN, double.NaN, 0);
        double mean = kept.Average();
        double std = kept.Length > 1 ? Math.Sqrt(kept.Sum(v => (v - mean) * (v - mean)) / (kept.Length - 1)) : 0;
        return new Statistic(mean, std, kept.Length);
    }
}

/// <summary>One seed of a table row.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Evaluation">The errors, or null when the prediction could not be made.</param>
/// <param name="TrainSeconds">Wall time of the training (over all its sessions).</param>
/// <param name="PredictSeconds">Wall time of the prediction.</param>
/// <param name="Problem">Why there is no evaluation (e.g. the training diverged), or null.</param>
/// <param name="Orbits">The errors of the same prediction on the reference orbits, when the dataset has them.</param>
public sealed record SeedResult(long Seed, EvaluationResult? Evaluation, double? TrainSeconds, double? PredictSeconds, string? Problem,
    EvaluationResult? Orbits = null);

/// <summary>A row of the results tables: a model, its training and prediction solvers, over the seeds.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Row">The row's training.</param>
/// <param name="PredictionSolver">The row's prediction solver.</param>
/// <param name="Seeds">The seeds' results.</param>
/// <param name="Published">The paper's values, or null when it has no such row.</param>
public sealed record RowResult(DatasetPreset Dataset, RowPreset Row, string PredictionSolver, IReadOnlyList<SeedResult> Seeds,
    PublishedValues? Published)
{
    /// <summary>The derivative error over the seeds.</summary>
    public Statistic Derivative => Statistic.Of(Seeds.Select(s => s.Evaluation?.DerivativeError));

    /// <summary>The energy error over the seeds.</summary>
    public Statistic Energy => Statistic.Of(Seeds.Select(s => s.Evaluation?.EnergyError));

    /// <summary>The energy error on the reference orbits over the seeds (no values without them).</summary>
    public Statistic OrbitEnergy => Statistic.Of(Seeds.Select(s => s.Orbits?.EnergyError));

    /// <summary>The derivative error on the reference orbits (noise-free, beyond the training energies) over the seeds.</summary>
    public Statistic OrbitDerivative => Statistic.Of(Seeds.Select(s => s.Orbits?.DerivativeError));

    /// <summary>The state error over the seeds.</summary>
    public Statistic State => Statistic.Of(Seeds.Select(s => s.Evaluation?.StateError));

    /// <summary>Mean training time over the seeds.</summary>
    public Statistic TrainSeconds => Statistic.Of(Seeds.Select(s => s.TrainSeconds));

    /// <summary>Mean prediction time over the seeds.</summary>
    public Statistic PredictSeconds => Statistic.Of(Seeds.Select(s => s.PredictSeconds));

    /// <summary>E.g. "DGNet Eq6 → DP".</summary>
    public string Name => $"{Row.Label} {RowPreset.SolverLabel(Row.TrainingSolver)} → {RowPreset.SolverLabel(PredictionSolver)}";
}

/// <summary>The learned structure kernel of the first seed's model, with its check.</summary>
/// <param name="Dataset">The dataset it was learned on.</param>
/// <param name="Report">The kernel and the verdicts of <see cref="KernelCheck"/>.</param>
/// <param name="Text">The structure report of <see cref="StructureReport.ToText"/>.</param>
public sealed record LearnedKernelResult(DatasetPreset Dataset, KernelReport Report, string Text);

/// <summary>What a reproduction session did and found.</summary>
public sealed record ReproductionResult
{
    /// <summary>Completed, or interrupted on request.</summary>
    public required ReproductionStatus Status { get; init; }

    /// <summary>The plan that was followed.</summary>
    public required ReproductionPlan Plan { get; init; }

    /// <summary>Every piece of work touched, in order, with its outcome.</summary>
    public required IReadOnlyList<JobRecord> Jobs { get; init; }

    /// <summary>The table rows (empty when interrupted).</summary>
    public IReadOnlyList<RowResult> Rows { get; init; } = [];

    /// <summary>The long rollouts' metrics (empty when interrupted or not planned).</summary>
    public IReadOnlyList<LongRolloutMetrics> LongRollouts { get; init; } = [];

    /// <summary>The learned kernels (2-D Cahn-Hilliard).</summary>
    public IReadOnlyList<LearnedKernelResult> Kernels { get; init; } = [];

    /// <summary>The figures written (absolute paths).</summary>
    public IReadOnlyList<string> Figures { get; init; } = [];

    /// <summary>results.md, results.csv and report.md, when written.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>The results tables as Markdown (what results.md holds), for printing.</summary>
    public string Tables { get; init; } = "";

    /// <summary>What was running when the session was interrupted.</summary>
    public string? InterruptedDuring { get; init; }

    /// <summary>Wall time of the session.</summary>
    public TimeSpan Elapsed { get; init; }
}
