using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// A network block for automatic discrete differentiation. Its input is a <em>pair tensor</em>: the two states
/// u and v stacked on a new leading axis of length P = 2, or the state u alone (P = 1), so that both states pass
/// through the block in one batched evaluation (one matrix product for both). The pullback it returns uses the
/// block's discrete Jacobian when P = 2, so that the composed reverse pass yields the discrete gradient
/// ∇̄H(u, v) with H(u) - H(v) = ∇̄H(u, v)·(u - v) exactly up to rounding, and the ordinary Jacobian when
/// P = 1, which yields ∇H(u).
/// </summary>
/// <remarks>
/// Layout: dense blocks act on the last axis ([P, batch..., features]); convolutions are channels-last
/// ([P, batch..., L, C] in 1-D, [P, batch..., H, W, C] in 2-D), so that 1x1 convolutions are plain matrix products.
/// Any number of leading batch axes is allowed.
/// </remarks>
public abstract class PairModule : nn.Module
{
    /// <summary>Creates the block; <paramref name="name"/> is the TorchSharp module name.</summary>
    protected PairModule(string name) : base(name) { }

    /// <summary>Runs the block on a pair tensor [P, batch..., features...] with P = 2 (u, v) or P = 1 (u).</summary>
    public abstract PairOutput Forward(Tensor x);
}
