using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>The discrete gradient of an energy network at a pair of states, with both energies.</summary>
/// <param name="Gradient">∇̄H(u, v), [batch..., *state].</param>
/// <param name="EnergyU">H(u), [batch...].</param>
/// <param name="EnergyV">H(v), [batch...].</param>
public sealed record DiscreteGradientResult(Tensor Gradient, Tensor EnergyU, Tensor EnergyV);
