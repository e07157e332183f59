using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// Implicit midpoint rule u1 = u0 + dt f((u0 + u1)/2): second order, symplectic, conserves quadratic invariants
/// exactly. Each step solves for u1 with <see cref="NewtonSolver"/> from an explicit midpoint guess, or within a rollout
/// from an extrapolation of the last states (<see cref="StateHistory"/>). For prediction:
/// the result is detached.
/// </summary>
public sealed class ImplicitMidpoint(NewtonOptions? newton = null) : FixedStepSolver
{
    /// <summary>Settings of the Newton solve in every step.</summary>
    public NewtonOptions Newton { get; } = newton ?? NewtonOptions.Default;

    public override string Name => "implicit-midpoint";

    /// <summary>Like the base class, but the map keeps the last Newton Jacobian and the last states for the next step.</summary>
    public override OneStepMap CreateStepMap(Dynamics dynamics, double dt)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        var f = dynamics.Field;
        var memory = new JacobianMemory();
        var history = new StateHistory();
        return (u, stats) => Step(f, u, dt, stats, memory, history);
    }

    public override int Order => 2;

    public override Tensor Step(VectorField f, Tensor u, double dt, SolverStats? stats = null) => Step(f, u, dt, stats, null, null);

    private Tensor Step(VectorField f, Tensor u, double dt, SolverStats? stats, JacobianMemory? memory, StateHistory? history)
    {
        ArgumentNullException.ThrowIfNull(f);
        return ImplicitPairStep.Solve((next, current) => f((current + next) / 2), u, dt, Newton, stats, memory, history);
    }
}
