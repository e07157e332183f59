using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>What a <see cref="PairModule"/> returns: its output on the pair and the way back to its input.</summary>
/// <param name="Value">The output pair tensor, [P, batch..., output features...].</param>
/// <param name="Pullback">
/// Maps a cotangent of the output to a cotangent of the input (shapes without the pair axis). It is built from
/// ordinary differentiable tensor operations, so a loss on its result back-propagates to the parameters with one
/// ordinary <c>backward()</c>. Call it inside the dispose scope in which <see cref="PairModule.Forward"/> ran.
/// </param>
public readonly record struct PairOutput(Tensor Value, Pullback Pullback);
