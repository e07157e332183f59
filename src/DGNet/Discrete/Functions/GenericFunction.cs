using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// Any element-wise function given as f and its derivative f' (both written with differentiable tensor operations).
/// The secant slope is the mean of f' over the segment between a and b. Where |a - b| exceeds the threshold
/// τ = τ₀·(1 + max(|a|, |b|)) it is the quotient (f(a) - f(b))/(a - b), whose rounding error grows like eps/|a - b|;
/// below it, Simpson's rule (f'(a) + 4 f'((a + b)/2) + f'(b))/6, whose error shrinks like |a - b|⁴/2880.
/// τ₀ = (2880·eps)^(1/5) balances the two (3.6e-3 in float64, 0.2 in float32), so that both sides agree to about
/// eps^(4/5) relative (1e-13 in float64, 3e-6 in float32) for functions whose derivatives are of the size of f:
/// no jump is visible at the switch.
/// </summary>
public sealed class GenericFunction : ElementwiseFunction
{
    private readonly Func<Tensor, Tensor> _f;
    private readonly Func<Tensor, Tensor> _derivative;

    /// <summary>Creates the function from f, f' and a name for reports.</summary>
    public GenericFunction(string name, Func<Tensor, Tensor> f, Func<Tensor, Tensor> derivative)
    {
        Name = name;
        _f = f;
        _derivative = derivative;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>τ₀ for the dtype: (2880·eps)^(1/5).</summary>
    public static double ThresholdScale(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => Math.Pow(2880 * Math.Pow(2, -52), 0.2),
        ScalarType.Float32 => Math.Pow(2880 * Math.Pow(2, -23), 0.2),
        _ => throw new ArgumentException($"discrete gradients need float32 or float64 tensors, got {dtype}"),
    };

    /// <inheritdoc/>
    public override Tensor Value(Tensor x) => _f(x);

    /// <inheritdoc/>
    public override Tensor Derivative(Tensor x, Tensor fx) => _derivative(x);

    /// <inheritdoc/>
    public override Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb)
    {
        var d = a - b;
        var threshold = ThresholdScale(a.dtype) * (1 + maximum(a.abs(), b.abs())).pow(0.2);
        var far = d.abs() > threshold;
        var quotient = (fa - fb) / where(far, d, 1.0);
        var simpson = (_derivative(a) + 4 * _derivative(0.5 * (a + b)) + _derivative(b)) / 6;
        return where(far, quotient, simpson);
    }
}
