namespace DGNet.Models;

/// <summary>
/// DGNet, the deep energy-based discrete-time model of Eq. (6): (u[n+1] - u[n]) / dt = G ∇̄H(u[n+1], u[n]) with the
/// discrete gradient of a learned energy H from automatic discrete differentiation. Training needs no integrator:
/// the estimate is the discrete field on the data pair itself. Prediction with eq6 is implicit (Newton per step)
/// and keeps the learned energy law exactly (conserved for skew G, non-increasing for negative semi-definite G);
/// explicit solvers use the continuous field G ∇H(u) = G ∇̄H(u, u).
/// </summary>
public sealed class DgNet : EnergyModel
{
    /// <summary>Builds the model; weights orthogonal, biases zero.</summary>
    public DgNet(ModelSpec spec) : base(nameof(DgNet), Checked(spec), CreateEnergyNetwork(spec), CreateStructure(spec)) { }

    /// <summary>
    /// DGNet trains with eq6 only: training the same network through an integrator is what HNN does (use
    /// <c>--model hnn</c>).
    /// </summary>
    public static IReadOnlyList<string> TrainingSolverNames { get; } = ["eq6"];

    /// <summary>Solvers a DGNet predicts with: eq6 and every solver that needs a vector field.</summary>
    public static IReadOnlyList<string> PredictionSolverNames { get; } = ["eq6", "euler", "midpoint", "rk4", "dopri5", "implicit-midpoint"];

    private static ModelSpec Checked(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        return spec.Model == "dgnet" ? spec : throw new ArgumentException($"a DGNet needs a spec with model 'dgnet', got '{spec.Model}'");
    }
}
