using DGNet.Integrators;

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
    /// above (a dense Jacobian of a 32 × 32 field would take the network on 1024 copies of every state).
    /// </summary>
    public NewtonOptions? Newton { get; init; }

    /// <summary>
    /// libtorch threads during the rollout; null uses one. Rollouts work on small tensors (a batch of trajectories,
    /// small dense solves), below libtorch's parallel grain, and measured on our 2-core machines two threads made
    /// eq6 rollouts 5 to 10 times slower than one (synchronisation, and batched LU of small matrices). The caller's
    /// setting is restored afterwards.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Largest state (number of values) solved with dense Newton by default.</summary>
    public const int DenseLimit = 256;

    /// <summary>The Newton settings for states of <paramref name="size"/> values.</summary>
    public NewtonOptions NewtonFor(long size)
    {
        if (Newton is not null) return Newton;
        return size <= DenseLimit ? NewtonOptions.Default : NewtonOptions.Default with { Linear = NewtonLinearSolver.Gmres };
    }
}
