namespace DGNet.Evaluation;

/// <summary>The paper's three errors of a model on the test split of a dataset.</summary>
/// <param name="Solver">The prediction solver of the rollouts.</param>
/// <param name="TrainingSolver">The solver the model was trained through.</param>
/// <param name="Trajectories">Test trajectories evaluated.</param>
/// <param name="Steps">Rollout steps N.</param>
/// <param name="DerivativeError">MSE between the model's time derivative and the true one at the test states.</param>
/// <param name="DerivativeReference">"dudt" (the field at every test state against the stored true derivative) or
/// "finite difference" (the field at each step's midpoint against (u[n+1] - u[n]) / dt), whichever was used.</param>
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
