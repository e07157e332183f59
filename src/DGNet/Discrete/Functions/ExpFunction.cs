using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// exp. For |a - b| &lt;= 1 the secant slope is exp((a + b)/2)·sinh(δ)/δ with δ = (a - b)/2 (from
/// e^a - e^b = 2 e^((a+b)/2) sinh(δ)), exact to rounding down to a = b; for |a - b| > 1 it is the plain quotient
/// (e^a - e^b)/(a - b), which suffers no cancellation there (e^a / e^b >= e) and cannot overflow in sinh. Both
/// formulas are exact to rounding at the switch, so the slope has no jump.
/// </summary>
public sealed class ExpFunction : ElementwiseFunction
{
    /// <inheritdoc/>
    public override string Name => "exp";

    /// <inheritdoc/>
    public override Tensor Value(Tensor x) => x.exp();

    /// <inheritdoc/>
    public override Tensor Derivative(Tensor x, Tensor fx) => fx;

    /// <inheritdoc/>
    public override Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb)
    {
        var d = a - b;
        var near = d.abs() <= 1;
        var halfGap = (0.5 * d).clamp(-0.5, 0.5);
        var nearSlope = (0.5 * (a + b)).exp() * SecantRatios.SinhOverX(halfGap);
        var farSlope = (fa - fb) / where(near, 1.0, d);
        return where(near, nearSlope, farSlope);
    }
}
