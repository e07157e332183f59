namespace DGNet.Reproduction;

/// <summary>
/// One training of a results table and the predictions made with it: a model trained through a solver, then rolled
/// out with each prediction solver, which gives one table row each (DGNet: one training, three rows).
/// </summary>
/// <param name="Label">The model's name in the paper's tables: "NODE", "HNN", "HNN++", "SRNN" or "DGNet".</param>
/// <param name="Model">The model (<see cref="Models.PhysicsModels.Names"/>).</param>
/// <param name="TrainingSolver">The training solver (registry name: midpoint is RK2, dopri5 is DP, eq6 is Eq. (6)).</param>
/// <param name="PredictionSolvers">The prediction solvers, one row each.</param>
public sealed record RowPreset(string Label, string Model, string TrainingSolver, IReadOnlyList<string> PredictionSolvers)
{
    /// <summary>The paper's short name of a solver: RK2, DP, Eq6, leapfrog.</summary>
    public static string SolverLabel(string solver) => solver switch
    {
        "midpoint" => "RK2",
        "dopri5" => "DP",
        "eq6" => "Eq6",
        _ => solver,
    };
}
