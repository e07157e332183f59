using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// The right-hand side du/dt = f(u) of an autonomous ODE, evaluated on a batch of states u [batch, *state]
/// and returning a tensor of the same shape. Integrators only ever see this function, never a model.
/// </summary>
public delegate Tensor VectorField(Tensor u);
