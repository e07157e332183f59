using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// softplus(x) = log(1 + e^x), evaluated without overflow. Writing softplus(x) = x/2 + log(2 cosh(x/2)) gives, with
/// μ = (a + b)/4 and η = (a - b)/4, softplus(a) - softplus(b) = 2η + 2 artanh(tanh μ · tanh η), hence for
/// |a - b| &lt;= 1 the slope (1 + tanh μ · (tanh η/η) · (artanh z / z))/2 with z = tanh μ tanh η, exact to rounding
/// down to a = b. For |a - b| > 1 the plain quotient is used, which suffers no cancellation there. Both are exact
/// to rounding at the switch, so the slope has no jump.
/// </summary>
public sealed class SoftplusFunction : ElementwiseFunction
{
    /// <summary>Above this input softplus(x) = x to rounding in float32 and float64 (log1p(e^-40) ≈ 4e-18).</summary>
    private const double LinearAbove = 40;

    /// <inheritdoc/>
    public override string Name => "softplus";

    /// <inheritdoc/>
    public override Tensor Value(Tensor x) => x.softplus(1, LinearAbove);

    /// <inheritdoc/>
    public override Tensor Derivative(Tensor x, Tensor fx) => x.sigmoid();

    /// <inheritdoc/>
    public override Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb)
    {
        var d = a - b;
        var near = d.abs() <= 1;
        var eta = (0.25 * d).clamp(-0.25, 0.25);
        var tanhMu = (0.25 * (a + b)).tanh();
        var z = tanhMu * eta.tanh();
        var nearSlope = 0.5 * (1 + tanhMu * SecantRatios.TanhOverX(eta) * SecantRatios.AtanhOverX(z));
        var farSlope = (fa - fb) / where(near, 1.0, d);
        return where(near, nearSlope, farSlope);
    }
}
