namespace DGNet.Integrators;

/// <summary>Settings of <see cref="Rollout.Run"/>.</summary>
public sealed record RolloutOptions
{
    public static RolloutOptions Default { get; } = new();

    /// <summary>Stop at the first failure, or skip failed trajectories and continue with the others.</summary>
    public FailurePolicy OnFailure { get; init; } = FailurePolicy.Stop;

    /// <summary>
    /// Check every new state for NaN and infinity (one host transfer per step), so that an explicit solver blowing
    /// up becomes a <see cref="NonFiniteStateException"/> instead of silent garbage.
    /// </summary>
    public bool CheckFinite { get; init; } = true;
}
