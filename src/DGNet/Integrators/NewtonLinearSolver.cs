namespace DGNet.Integrators;

/// <summary>How <see cref="NewtonSolver"/> solves the linear system J δ = -F(x) of each iteration.</summary>
public enum NewtonLinearSolver
{
    /// <summary>Form the batched Jacobian [batch, n, n] and solve by LU. Best for small states (ODEs, short grids).</summary>
    Dense,

    /// <summary>
    /// Jacobian-free Newton-Krylov: restarted GMRES on Jacobian-vector products, so memory grows like the Krylov
    /// dimension times the state instead of the state squared. Best for large states (2-D grids).
    /// </summary>
    Gmres,
}
