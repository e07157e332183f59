namespace DGNet.Integrators;

/// <summary>A trajectory dropped by a rollout with <see cref="FailurePolicy.Skip"/>.</summary>
/// <param name="Trajectory">Index in the rollout's input batch.</param>
/// <param name="Step">The step n whose state u[n] could not be computed (u[n..] are NaN).</param>
/// <param name="Message">One line: "step n, trajectory k: what happened; what to try".</param>
public sealed record RolloutFailure(int Trajectory, int Step, string Message);
