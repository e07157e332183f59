using DGNet.Discrete.Functions;
using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// An element-wise function y = f(x). Its discrete Jacobian is diagonal with the secant slopes
/// (f(x_u) - f(x_v)) / (x_u - x_v) (P = 2), its ordinary Jacobian diagonal with f'(x) (P = 1); both are computed
/// when the pullback runs.
/// </summary>
public sealed class PairElementwise : PairModule
{
    /// <summary>Creates the block for <paramref name="function"/>.</summary>
    public PairElementwise(ElementwiseFunction function) : base(nameof(PairElementwise))
    {
        Function = function;
        RegisterComponents();
    }

    /// <summary>The function f.</summary>
    public ElementwiseFunction Function { get; }

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        long pairs = PairTensor.Size(x);
        var y = Function.Value(x);
        if (pairs == 1)
            return new(y, g => g * Function.Derivative(x[0], y[0]));
        var xs = x.unbind(0);
        var ys = y.unbind(0);
        return new(y, g => g * Function.Slope(xs[0], xs[1], ys[0], ys[1]));
    }
}
