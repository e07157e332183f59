using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>The classic fourth-order Runge-Kutta method: four evaluations per step, differentiable.</summary>
public sealed class Rk4 : FixedStepSolver
{
    public override string Name => "rk4";

    public override int Order => 4;

    public override Tensor Step(VectorField f, Tensor u, double dt, SolverStats? stats = null)
    {
        if (stats is not null)
        {
            stats.FunctionEvaluations += 4;
            stats.Steps++;
        }
        using var scope = NewDisposeScope();
        var k1 = f(u);
        var k2 = f(u.add(k1, alpha: dt / 2));
        var k3 = f(u.add(k2, alpha: dt / 2));
        var k4 = f(u.add(k3, alpha: dt));
        var increment = k1.add(k2, alpha: 2).add_(k3, alpha: 2).add_(k4);
        return u.add(increment, alpha: dt / 6).MoveToOuterDisposeScope();
    }
}
