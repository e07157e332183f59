namespace DGNet.Integrators;

/// <summary>Where <see cref="NewtonSolver"/> gets derivatives of the residual when no analytic Jacobian is given.</summary>
public enum JacobianSource
{
    /// <summary>
    /// Exact derivatives from autograd. Dense mode: n vector-Jacobian products on one graph (one per row of J).
    /// GMRES mode: each Jacobian-vector product by the double-vjp trick (differentiate w ↦ Jᵀw once more), which
    /// needs a twice-differentiable residual and costs about two backward passes.
    /// </summary>
    Autograd,

    /// <summary>
    /// Forward differences F(x + h v) - F(x) with h ≈ √ε·max(1, |x|∞): n extra residual evaluations per dense
    /// Jacobian, or one per Jacobian-vector product. Cheaper per product but accurate only to about √ε, which
    /// still gives convergence to the residual tolerance (the residual itself is always evaluated exactly).
    /// </summary>
    FiniteDifference,
}
