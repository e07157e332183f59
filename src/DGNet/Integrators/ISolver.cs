namespace DGNet.Integrators;

/// <summary>
/// A time integrator as the registry hands it out: it knows its name and order and turns a model's
/// <see cref="Dynamics"/> and a step size into a one-step map. Solvers also have their own typed step methods
/// (on a vector field, separable gradients or a discrete field).
/// </summary>
public interface ISolver
{
    /// <summary>Registry name, e.g. "rk4".</summary>
    string Name { get; }

    /// <summary>Order of accuracy of one step.</summary>
    int Order { get; }

    /// <summary>
    /// The map u[n] ↦ u[n+1] over <paramref name="dt"/>. Throws <see cref="ArgumentException"/> when the dynamics
    /// lack what the solver needs (leapfrog without a separable energy, eq6 without a discrete field). The map may
    /// keep state between calls (an adaptive solver carries its step size), so make one per rollout.
    /// </summary>
    OneStepMap CreateStepMap(Dynamics dynamics, double dt);
}
