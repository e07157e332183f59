namespace DGNet.Models;

/// <summary>
/// Hamiltonian neural network (HNN; HNN++ on fields): du/dt = G ∇H(u) with the continuous gradient of a learned
/// energy H, trained through a numerical integrator (RK2 or Dormand-Prince in the paper): its training estimate is
/// (one solver step from u[n] - u[n]) / dt. It predicts with any solver that needs a vector field, and also with
/// eq6, which keeps its learned energy law exactly.
/// </summary>
public sealed class Hnn : EnergyModel
{
    /// <summary>Builds the model; weights orthogonal, biases zero.</summary>
    public Hnn(ModelSpec spec) : base(nameof(Hnn), Checked(spec), CreateEnergyNetwork(spec), CreateStructure(spec)) { }

    /// <summary>Solvers an HNN trains through: the explicit, differentiable ones.</summary>
    public static IReadOnlyList<string> TrainingSolverNames { get; } = ["euler", "midpoint", "rk4", "dopri5"];

    /// <summary>Solvers an HNN predicts with.</summary>
    public static IReadOnlyList<string> PredictionSolverNames { get; } = ["euler", "midpoint", "rk4", "dopri5", "implicit-midpoint", "eq6"];

    private static ModelSpec Checked(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        return spec.Model == "hnn" ? spec : throw new ArgumentException($"an HNN needs a spec with model 'hnn', got '{spec.Model}'");
    }
}
