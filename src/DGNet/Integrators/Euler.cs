using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>Explicit Euler, u1 = u0 + dt f(u0): first order, one evaluation, no structure preserved.</summary>
public sealed class Euler : FixedStepSolver
{
    public override string Name => "euler";

    public override int Order => 1;

    public override Tensor Step(VectorField f, Tensor u, double dt, SolverStats? stats = null)
    {
        if (stats is not null)
        {
            stats.FunctionEvaluations++;
            stats.Steps++;
        }
        return u.add(f(u), alpha: dt);
    }
}
