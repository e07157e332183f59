using System.Globalization;
using System.Text.Json.Serialization;
using DGNet.Integrators;

namespace DGNet.Training;

/// <summary>
/// How a model is trained: the solver its estimate goes through, the optimisation budget and schedule of logs and
/// checkpoints. The loss is the mean over pairs of ||(u[n+1] - u[n]) / dt - estimate||², minimised by Adam.
/// Stored in the run's <c>model.json</c>, so a resumed run continues with exactly these settings.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The training solver (registry name): eq6 for DGNet, an integrator for the baselines.</summary>
    public required string Solver { get; init; }

    /// <summary>Optimisation steps (one minibatch each).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Pairs per minibatch; null for the full batch (every train pair in every step). A size above the number of
    /// pairs means the full batch.</summary>
    public int? BatchSize { get; init; }

    /// <summary>The paper's batch for a train split of this many pairs: the full batch for the small ODE datasets
    /// (mass-spring, pendulum, real pendulum: at most 5,000 pairs), 200 pairs for the large ones (2-body, KdV,
    /// Cahn-Hilliard), whose full batch would need tens of gigabytes.</summary>
    public static int? PaperBatchSize(long trainPairs) => trainPairs <= 5000 ? null : 200;

    /// <summary>
    /// Pairs per backward pass inside a step; null for the whole minibatch at once. A smaller value accumulates the
    /// step's gradient chunk by chunk, which needs the activation memory of one chunk only (a 64 × 64 field at batch 32
    /// holds about 420 MB per float64 activation of width 200) and gives the same gradient up to the order of summation,
    /// for eq6 and the fixed-step solvers (Dormand-Prince picks its steps per chunk).
    /// </summary>
    public int? MicroBatch { get; init; }

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>L2 weight decay added to the gradient, as torch.optim.Adam does (the paper uses 1e-4 for ODEs).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Seed of the initial weights and of the minibatch draws.</summary>
    public long Seed { get; init; }

    /// <summary>Steps between checkpoints (a checkpoint is also written at step 0, after every
    /// <see cref="TrainingRun.CheckpointInterval"/> of wall time, at the end, and on interruption).</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Steps between rows of the log (each with the test loss); the last step is always logged.</summary>
    public int LogEvery { get; init; } = 100;

    /// <summary>Relative tolerance of Dormand-Prince when training through dopri5.</summary>
    public double RelativeTolerance { get; init; } = 1e-7;

    /// <summary>Absolute tolerance of Dormand-Prince when training through dopri5.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-9;

    /// <summary>
    /// Differentiate the training solver's steps by the adjoint method (node and hnn through euler, midpoint, rk4 or
    /// dopri5) instead of back-propagating through them: memory independent of the number of solver steps.
    /// </summary>
    public bool Adjoint { get; init; }

    /// <summary>A log interval that gives about 20 rows, between 1 and 100 steps.</summary>
    public static int DefaultLogEvery(int steps) => Math.Clamp(steps / 20, 1, 100);

    /// <summary>The Dormand-Prince settings of these options.</summary>
    [JsonIgnore]
    public Dopri5Options Dopri5 => new(RelativeTolerance, AbsoluteTolerance);

    /// <summary>Throws <see cref="ArgumentException"/> naming the option of the first out-of-range value.</summary>
    public void Validate()
    {
        var c = CultureInfo.InvariantCulture;
        SolverRegistry.Canonical(Solver);
        if (Steps < 1) throw new ArgumentException($"--steps: must be at least 1 (got {Steps})");
        if (BatchSize is int b && b < 1) throw new ArgumentException($"--batch: must be at least 1 or 'full' (got {b})");
        if (MicroBatch is int m && m < 1) throw new ArgumentException($"--micro-batch: must be at least 1 (got {m})");
        if (!(LearningRate > 0 && double.IsFinite(LearningRate)))
            throw new ArgumentException(string.Create(c, $"--lr: must be positive (got {LearningRate})"));
        if (!(WeightDecay >= 0 && double.IsFinite(WeightDecay)))
            throw new ArgumentException(string.Create(c, $"--weight-decay: must be zero or positive (got {WeightDecay})"));
        if (CheckpointEvery < 1) throw new ArgumentException($"--checkpoint-every: must be at least 1 (got {CheckpointEvery})");
        if (LogEvery < 1) throw new ArgumentException($"--log-every: must be at least 1 (got {LogEvery})");
        if (Adjoint && SolverRegistry.Canonical(Solver) is not ("euler" or "midpoint" or "rk4" or "dopri5"))
            throw new ArgumentException($"--adjoint: needs an explicit training solver (euler, midpoint, rk4, dopri5), not {Solver}");
        if (!(RelativeTolerance > 0 && double.IsFinite(RelativeTolerance)))
            throw new ArgumentException(string.Create(c, $"--rtol: must be positive (got {RelativeTolerance})"));
        if (!(AbsoluteTolerance > 0 && double.IsFinite(AbsoluteTolerance)))
            throw new ArgumentException(string.Create(c, $"--atol: must be positive (got {AbsoluteTolerance})"));
    }
}
