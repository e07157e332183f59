namespace DGNet.Integrators;

/// <summary>How <see cref="AdjointIntegrator"/> computes gradients in its backward pass.</summary>
public enum AdjointMethod
{
    /// <summary>
    /// Chen et al. (NeurIPS 2018): solve the augmented system (state, adjoint a = dL/du, parameter-gradient integral)
    /// backwards in time with the same solver, recomputing the state backwards from the final state. Memory is that of
    /// one evaluation; the gradient approximates the exact one of the ODE to the solver's accuracy, so it differs
    /// from back-propagation through the forward steps by about the tolerance (adaptive) or O(h^order) (fixed step).
    /// Integrating the state backwards is unstable for strongly dissipative (stiff) fields.
    /// </summary>
    Continuous,

    /// <summary>
    /// The adjoint of the forward steps themselves, run backwards step by step; each step's state is recomputed
    /// from a fixed number of checkpoints (binomial checkpointing), each step's Jacobian products come from one
    /// small graph. The gradient equals back-propagation through the forward steps up to rounding (adaptive steps
    /// are replayed with the sizes the forward solve accepted), with memory independent of the number of steps.
    /// </summary>
    Discrete,
}
