using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// An explicit solver whose steps are differentiated by the adjoint method instead of back-propagation through its
/// stages: a drop-in <see cref="ISolver"/> for training a continuous-time model (<c>--adjoint</c>), with memory that
/// does not grow with the number of solver steps. It needs the parameters the vector field reads, since gradients
/// flow only to those. After each <c>backward()</c>, call <see cref="ThrowIfBackwardFailed"/>.
/// </summary>
public sealed class AdjointSolver(AdjointIntegrator integrator, IEnumerable<Tensor> parameters) : ISolver
{
    private readonly IReadOnlyList<Tensor> parameters = parameters.ToList();

    /// <summary>The adjoint integration behind the steps (its work counters included).</summary>
    public AdjointIntegrator Integrator { get; } = integrator;

    /// <summary>The underlying solver's registry name, so that the model/solver checks apply unchanged.</summary>
    public string Name => Integrator.Solver;

    public int Order { get; } = SolverRegistry.Create(integrator.Solver).Order;

    public OneStepMap CreateStepMap(Dynamics dynamics, double dt)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        var field = dynamics.Field;
        return (u, stats) =>
        {
            var next = Integrator.Integrate(field, parameters, u, 0, dt);
            stats.Steps++;
            return next;
        };
    }

    /// <summary>Rethrows the failure of the last backward pass, if any (a failed pass leaves NaN gradients).</summary>
    public void ThrowIfBackwardFailed() => Integrator.ThrowIfBackwardFailed();
}
