using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// Explicit midpoint (the RK2 of the paper): u1 = u0 + dt f(u0 + dt/2 f(u0)). Second order, two evaluations,
/// differentiable; the training and prediction integrator of the "RK2" baselines.
/// </summary>
public sealed class Midpoint : FixedStepSolver
{
    public override string Name => "midpoint";

    public override int Order => 2;

    public override Tensor Step(VectorField f, Tensor u, double dt, SolverStats? stats = null)
    {
        if (stats is not null)
        {
            stats.FunctionEvaluations += 2;
            stats.Steps++;
        }
        using var scope = NewDisposeScope();
        var half = u.add(f(u), alpha: dt / 2);
        return u.add(f(half), alpha: dt).MoveToOuterDisposeScope();
    }
}
