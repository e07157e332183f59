using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>The (continuous) gradient of an energy network at a state, with the energy.</summary>
/// <param name="Gradient">∇H(u), [batch..., *state].</param>
/// <param name="Energy">H(u), [batch...].</param>
public sealed record GradientResult(Tensor Gradient, Tensor Energy);
