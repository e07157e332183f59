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
        stats ??= new SolverStats();
        using var scope = NewDisposeScope();
        var current = u.detach();
        Tensor ExplicitMidpoint()
        {
            using var guard = no_grad();
            stats.FunctionEvaluations += 2;
            var half = current.add(f(current), alpha: dt / 2);
            return current.add(f(half), alpha: dt);
        }
        Tensor AtMidpoint(Tensor x, Tensor start) => f((start + x) / 2);
        var jacobian = Newton.Linear == NewtonLinearSolver.Dense
            ? StepJacobian.For(AtMidpoint, current, dt, Newton.Jacobian, stats)
            : null;
        Tensor SolveFrom(Tensor guess) =>
            NewtonSolver.Solve(x => x - current - dt * AtMidpoint(x, current), guess, Newton, stats, jacobian, memory);
        var next = history is null ? SolveFrom(ExplicitMidpoint()) : history.Solve(current, ExplicitMidpoint, SolveFrom);
        stats.Steps++;
        return next.MoveToOuterDisposeScope();
    }
}
