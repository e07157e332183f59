using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// The quadratic form ½ xᵀ W x of the last axis (e.g. a kinetic energy ½ pᵀ M⁻¹ p), one scalar per sample:
/// [P, batch..., n] → [P, batch...]. W = L Lᵀ with L lower triangular and diagonal softplus(θ) > 0, so W is
/// symmetric positive definite for every parameter value (and symmetrised, so exactly symmetric in floating point). Since ½uᵀWu - ½vᵀWv = (u - v)·W(u + v)/2, the discrete
/// gradient is W (u + v)/2, the gradient at the midpoint.
/// </summary>
public sealed class PairQuadraticForm : PairModule
{
    private readonly Parameter lower;
    private readonly Parameter diagonal;

    /// <summary>Creates the form on <paramref name="size"/> features, starting from W = I.</summary>
    public PairQuadraticForm(long size, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base(nameof(PairQuadraticForm))
    {
        if (size < 1) throw new ArgumentException($"a quadratic form needs at least one feature, got {size}");
        Size = size;
        lower = nn.Parameter(zeros(size, size, dtype: dtype, device: device));
        diagonal = nn.Parameter(full(size, Math.Log(Math.E - 1), dtype: dtype, device: device));
        RegisterComponents();
    }

    /// <summary>Number of features n.</summary>
    public long Size { get; }

    /// <summary>The symmetric positive definite matrix W, [n, n].</summary>
    public Tensor Matrix()
    {
        var l = lower.tril(-1) + diag_embed(nn.functional.softplus(diagonal));
        var product = l.matmul(l.t());
        return 0.5 * (product + product.t());
    }

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        if (x.shape[^1] != Size)
            throw new ArgumentException($"the quadratic form has {Size} features, the input has {x.shape[^1]}");
        var wx = x.matmul(Matrix());
        var value = 0.5 * (x * wx).sum(-1);
        return new(value, g => g.unsqueeze(-1) * PairTensor.Mean(wx));
    }
}
