using DGNet.Discrete.Functions;
using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// An element-wise function y = f(x). Its discrete Jacobian is diagonal with the secant slopes
/// (f(x_u) - f(x_v)) / (x_u - x_v) (P = 2), its ordinary Jacobian diagonal with f'(x) (P = 1); both are computed
/// when the pullback runs. For functions that give their slope with its partial derivatives
/// (<see cref="ILinearizedSecant"/>, e.g. tanh), the pullback g·s enters the autograd graph as its first-order
/// expansion g·s₀ + Σ g₀·(∂s/∂x)·(x - x₀) about the current values: same value and same first derivatives, far
/// fewer tensor passes.
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
        if (Function is ILinearizedSecant linearized)
            return new(y, g =>
            {
                var (slope, weightedPartials) = linearized.SlopeWithPartials(x, y, g.detach());
                // Σ_pair (g·∂s/∂x)·x minus its own value: zero, with the derivative g·∂s/∂x; plus g·s.
                var tangent = (weightedPartials * x).sum([0]);
                return addcmul(tangent - tangent.detach(), g, slope, 1);
            });
        var xs = x.unbind(0);
        var ys = y.unbind(0);
        return new(y, g => g * Function.Slope(xs[0], xs[1], ys[0], ys[1]));
    }
}
