using DGNet.Integrators;
using static TorchSharp.torch;

namespace DGNet.Evaluation;

/// <summary>How <see cref="Predictor"/> rolls a model out.</summary>
public sealed record PredictionOptions
{
    public static PredictionOptions Default { get; } = new();

    /// <summary>Stop at the first failed trajectory, or drop failed trajectories and go on with the others.</summary>
    public FailurePolicy OnFailure { get; init; } = FailurePolicy.Stop;

    /// <summary>Error control of dopri5 (defaults: the reference's rtol 1e-7, atol 1e-9).</summary>
    public Dopri5Options Dopri5 { get; init; } = new();

    /// <summary>
    /// Newton settings of the implicit solvers (eq6, implicit-midpoint); null picks them by state size and dtype:
    /// dense LU with the exact batched Jacobian up to <see cref="DenseLimit"/> values per state, Jacobian-free GMRES
    /// above (a dense Jacobian of a 32 × 32 field would take the network on 1024 copies of every state); and in
    /// float64 a residual tolerance of <see cref="Float64Tolerance"/>.
    /// </summary>
    public NewtonOptions? Newton { get; init; }

    /// <summary>
    /// The float64 Newton tolerance of predictions (relative to max(1, |u|∞)). The integrators' default, 1e-12, is
    /// followed by one correction with the last Jacobian, which reaches rounding level only when that Jacobian is
    /// fresh; the Jacobian carried over between the steps of a rollout is older, and a KdV DGNet then drifted by
    /// 3e-13 of its energy in 150 steps. At 1e-14 the drift is 4e-15 for 14% more time per step (measured).
    /// </summary>
    public const double Float64Tolerance = 1e-14;

    /// <summary>
    /// libtorch threads during the rollout; null uses one. Rollouts work on small tensors (a batch of trajectories,
    /// small dense solves), below libtorch's parallel grain, and measured on our 2-core machines two threads made
    /// eq6 rollouts 5 to 10 times slower than one (synchronisation, and batched LU of small matrices). The caller's
    /// setting is restored afterwards.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Largest state (number of values) solved with dense Newton by default.</summary>
    public const int DenseLimit = 256;

    /// <summary>The Newton settings for states of <paramref name="size"/> values of type <paramref name="dtype"/>.</summary>
    public NewtonOptions NewtonFor(long size, ScalarType dtype)
    {
        if (Newton is not null) return Newton;
        var options = NewtonOptions.Default with { Tolerance = dtype == ScalarType.Float64 ? Float64Tolerance : null };
        return size <= DenseLimit ? options : options with { Linear = NewtonLinearSolver.Gmres };
    }
}
