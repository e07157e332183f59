namespace DGNet.Integrators;

/// <summary>Settings of <see cref="AdjointIntegrator"/>.</summary>
/// <param name="Solver">An explicit solver by registry name: "euler", "midpoint" (alias "rk2"), "rk4" or "dopri5"
/// (alias "dp").</param>
/// <param name="Method">The backward pass; null takes <see cref="AdjointMethod.Continuous"/> for dopri5 (the usual
/// adjoint of adaptive solvers, Chen et al.) and <see cref="AdjointMethod.Discrete"/> for fixed-step solvers (exactly
/// the gradient of back-propagation through their steps).</param>
/// <param name="StepsPerInterval">Equal steps a fixed-step solver takes between consecutive output times.</param>
/// <param name="Tolerances">Error control of the forward dopri5 solve (null: the reference rtol 1e-7, atol
/// 1e-9).</param>
/// <param name="BackwardTolerances">Error control of the continuous adjoint's backward dopri5 solve (null: the same
/// as the forward one). The error norm of the backward solve covers the state and the adjoint, not the
/// parameter-gradient integrals (a seminorm, Kidger et al. 2021), which do not feed back into the dynamics.</param>
/// <param name="Checkpoints">States the discrete adjoint keeps at most besides the initial one; each step is then
/// recomputed at most r times with C(Checkpoints + r, r) ≥ number of steps.</param>
public sealed record AdjointOptions(
    string Solver = "dopri5",
    AdjointMethod? Method = null,
    int StepsPerInterval = 1,
    Dopri5Options? Tolerances = null,
    Dopri5Options? BackwardTolerances = null,
    int Checkpoints = 16);
