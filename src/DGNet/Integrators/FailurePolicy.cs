namespace DGNet.Integrators;

/// <summary>What <see cref="Rollout"/> does when a step fails for some trajectories.</summary>
public enum FailurePolicy
{
    /// <summary>Throw <see cref="RolloutFailedException"/> naming the step and trajectory, with the states so far.</summary>
    Stop,

    /// <summary>Drop the failed trajectories (their later states are NaN), record the failure and go on with the rest.</summary>
    Skip,
}
