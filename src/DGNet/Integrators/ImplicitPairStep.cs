using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// The step both implicit one-step methods take: solve x - u - dt·g(x, u) = 0 for x = u[n+1] with
/// <see cref="NewtonSolver"/>, where g(next, current) is a field of the pair (G ∇̄H(next, current) for
/// <see cref="DiscreteGradientStep"/>, f((current + next)/2) for <see cref="ImplicitMidpoint"/>), so that g(u, u) is
/// the continuous field. Newton starts from an explicit midpoint step of g(u, u) (two evaluations), or within a rollout
/// from the extrapolation of the last states (<see cref="StateHistory"/>). The result is detached.
/// </summary>
internal static class ImplicitPairStep
{
    public static Tensor Solve(Func<Tensor, Tensor, Tensor> pairField, Tensor u, double dt, NewtonOptions newton,
        SolverStats? stats, JacobianMemory? memory, StateHistory? history)
    {
        stats ??= new SolverStats();
        using var scope = NewDisposeScope();
        var current = u.detach();
        Tensor ExplicitMidpoint()
        {
            using var guard = no_grad();
            stats.FunctionEvaluations += 2;
            var half = current.add(pairField(current, current), alpha: dt / 2);
            return current.add(pairField(half, half), alpha: dt);
        }
        var jacobian = newton.Linear == NewtonLinearSolver.Dense
            ? StepJacobian.For(pairField, current, dt, newton.Jacobian, stats)
            : null;
        Tensor SolveFrom(Tensor guess) =>
            NewtonSolver.Solve(x => x - current - dt * pairField(x, current), guess, newton, stats, jacobian, memory);
        var next = history is null ? SolveFrom(ExplicitMidpoint()) : history.Solve(current, ExplicitMidpoint, SolveFrom);
        stats.Steps++;
        return next.MoveToOuterDisposeScope();
    }
}
