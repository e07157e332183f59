using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Carries a cotangent from a block's output back to its input: a vector-Jacobian product with the block's
/// discrete Jacobian (pair of states) or ordinary Jacobian (single state). Both tensors have the shape of one
/// state of the pair, i.e. without the leading pair axis.
/// </summary>
/// <param name="cotangent">Cotangent of the block's output, shape [batch..., output features...].</param>
/// <returns>Cotangent of the block's input, shape [batch..., input features...].</returns>
public delegate Tensor Pullback(Tensor cotangent);
