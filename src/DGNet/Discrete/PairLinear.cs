using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Dense layer y = x Wᵀ + b on the last axis (also a 1x1 convolution on channels-last grids). Both states go through
/// one matrix product. Its discrete Jacobian is W itself (the bias drops out), so the pullback is g ↦ g W.
/// </summary>
public sealed class PairLinear : PairModule
{
    private readonly Parameter weight;
    private readonly Parameter? bias;

    /// <summary>
    /// Creates the layer with an orthogonal weight [out, in] and a zero bias (or none), as the reference networks do.
    /// </summary>
    public PairLinear(long inFeatures, long outFeatures, bool hasBias = true,
        ScalarType dtype = ScalarType.Float64, Device? device = null) : base(nameof(PairLinear))
    {
        if (inFeatures < 1 || outFeatures < 1)
            throw new ArgumentException($"a linear layer needs at least one input and one output feature, got {inFeatures} -> {outFeatures}");
        using (no_grad())
        {
            weight = nn.Parameter(OrthogonalInit.Create([outFeatures, inFeatures], dtype, device));
            if (hasBias) bias = nn.Parameter(zeros(outFeatures, dtype: dtype, device: device));
        }
        RegisterComponents();
    }

    /// <summary>The weight W, [out, in].</summary>
    public Parameter Weight => weight;

    /// <summary>The bias b, [out], or null.</summary>
    public Parameter? Bias => bias;

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x) =>
        new(nn.functional.linear(x, weight, bias), g => g.matmul(weight));
}
