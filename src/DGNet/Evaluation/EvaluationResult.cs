namespace DGNet.Evaluation;

/// <summary>The paper's three errors of a model on the test split of a dataset.</summary>
/// <param name="Solver">The prediction solver of the rollouts.</param>
/// <param name="TrainingSolver">The training solver of the derivative estimate.</param>
/// <param name="Trajectories">Test trajectories evaluated.</param>
/// <param name="Steps">Rollout steps N.</param>
/// <param name="DerivativeError">MSE between the model's training-mode derivative estimate and the reference derivative
/// over every test step.</param>
/// <param name="DerivativeReference">"dudt" (mean of the true derivatives at both ends of a step) or
/// "finite difference" ((u[n+1] - u[n]) / dt), whichever the reference derivative was.</param>
/// <param name="EnergyError">Mean over completed test trajectories of the per-trajectory energy errors; null when the
/// system is unknown.</param>
/// <param name="StateError">Mean over completed test trajectories of the per-trajectory state MSE.</param>
/// <param name="EnergyErrors">Per test trajectory (NaN for failed ones); null when the system is unknown.</param>
/// <param name="StateErrors">Per test trajectory (NaN for failed ones).</param>
/// <param name="Failed">Test trajectories (indices among them) whose rollout failed, with the step it failed at.</param>
/// <param name="Notes">What was left out and why.</param>
public sealed record EvaluationResult(
    string Solver,
    string TrainingSolver,
    int Trajectories,
    int Steps,
    double DerivativeError,
    string DerivativeReference,
    double? EnergyError,
    double StateError,
    double[]? EnergyErrors,
    double[] StateErrors,
    IReadOnlyDictionary<int, int> Failed,
    IReadOnlyList<string> Notes);
