using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// The discrete-gradient step of DGNet ("Eq. (6)"): solves (u[n+1] - u[n])/dt = g(u[n+1], u[n]) for u[n+1], where
/// g(next, current) = G ∇̄H(next, current). Because ∇̄H satisfies the discrete chain rule, H changes by exactly
/// dt·∇̄Hᵀ G ∇̄H per step: conserved for skew G, never increasing for negative semi-definite G, up to the Newton
/// residual (driven to rounding level by the final correction). Second order for a symmetric discrete gradient.
/// A single step starts Newton from an explicit midpoint step of the continuous field f(u) = g(u, u); the steps of a
/// rollout (<see cref="CreateStepMap"/>) start from an extrapolation of the last states once three are known, which
/// saves the guess's two evaluations of g (<see cref="StateHistory"/>). Works for
/// any H built from the discrete-differentiation blocks, a network as well as a known analytic energy. For
/// prediction: the result is detached.
/// </summary>
public sealed class DiscreteGradientStep(NewtonOptions? newton = null) : ISolver
{
    /// <summary>Settings of the Newton solve in every step.</summary>
    public NewtonOptions Newton { get; } = newton ?? NewtonOptions.Default;

    public string Name => "eq6";

    public int Order => 2;

    /// <summary>u[n+1] from u[n] [batch, *state] with step <paramref name="dt"/>.</summary>
    /// <param name="discreteField">g(next, current) = G ∇̄H(next, current), batched, of the state's shape.</param>
    /// <param name="u">u[n], [batch, *state].</param>
    /// <param name="dt">Time step.</param>
    /// <param name="stats">Receives the cost: two evaluations for the guess plus the Newton solve's.</param>
    public Tensor Step(Func<Tensor, Tensor, Tensor> discreteField, Tensor u, double dt, SolverStats? stats = null) =>
        Step(discreteField, u, dt, stats, null, null);

    private Tensor Step(Func<Tensor, Tensor, Tensor> discreteField, Tensor u, double dt, SolverStats? stats,
        JacobianMemory? memory, StateHistory? history)
    {
        ArgumentNullException.ThrowIfNull(discreteField);
        return ImplicitPairStep.Solve(discreteField, u, dt, Newton, stats, memory, history);
    }

    public OneStepMap CreateStepMap(Dynamics dynamics, double dt)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        var field = dynamics.DiscreteField ?? throw new ArgumentException(
            "solver 'eq6' needs a discrete gradient G ∇̄H(u[n+1], u[n]); these dynamics have none: " +
            "use rk2, rk4, dopri5 or implicit-midpoint instead");
        var memory = new JacobianMemory();
        var history = new StateHistory();
        return (u, stats) => Step(field, u, dt, stats, memory, history);
    }
}
