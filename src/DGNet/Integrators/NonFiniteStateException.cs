namespace DGNet.Integrators;

/// <summary>An explicit step produced NaN or infinity for some trajectories (found by <see cref="Rollout"/>).</summary>
public sealed class NonFiniteStateException(IReadOnlyList<int> trajectories)
    : SolverFailedException(trajectories, "the state became non-finite (NaN or infinity)", SmallerStepAdvice);
