using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// A rollout stopped because a step failed (<see cref="FailurePolicy.Stop"/>). Names the step and the trajectory
/// (index in the rollout's input batch) and keeps the states computed before the failure, so that they can still be
/// written. The catcher owns <see cref="StatesSoFar"/> and should dispose it.
/// </summary>
public sealed class RolloutFailedException : SolverFailedException
{
    public RolloutFailedException(int step, IReadOnlyList<int> trajectories, SolverFailedException cause, Tensor statesSoFar)
        : base(trajectories, cause.Detail, cause.Advice, step, cause)
    {
        Cause = cause;
        StatesSoFar = statesSoFar;
    }

    /// <summary>The solver's own failure (its trajectory indices refer to the batch the solver was given).</summary>
    public SolverFailedException Cause { get; }

    /// <summary>u[0..step-1] of every trajectory: [batch, step, *state], detached and outside any dispose scope.</summary>
    public Tensor StatesSoFar { get; }
}
