using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>A one-step method with fixed step size on a vector field f: Euler, midpoint, RK4, implicit midpoint.</summary>
public abstract class FixedStepSolver : ISolver
{
    public abstract string Name { get; }

    public abstract int Order { get; }

    /// <summary>u(t + dt) approximated from u(t) [batch, *state]; the cost is added to <paramref name="stats"/>.</summary>
    public abstract Tensor Step(VectorField f, Tensor u, double dt, SolverStats? stats = null);

    public virtual OneStepMap CreateStepMap(Dynamics dynamics, double dt)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        var f = dynamics.Field;
        return (u, stats) => Step(f, u, dt, stats);
    }
}
