using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// tanh. Secant slope from tanh a - tanh b = (1 - tanh a tanh b)·tanh(a - b): the smooth factor
/// 1 - tanh a tanh b times the even ratio tanh(d)/d, exact to rounding for every a - b with no threshold.
/// </summary>
public sealed class TanhFunction : ElementwiseFunction
{
    /// <inheritdoc/>
    public override string Name => "tanh";

    /// <inheritdoc/>
    public override Tensor Value(Tensor x) => x.tanh();

    /// <inheritdoc/>
    public override Tensor Derivative(Tensor x, Tensor fx) => 1 - fx.square();

    /// <inheritdoc/>
    public override Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb) =>
        (1 - fa * fb) * SecantRatios.TanhOverX(a - b);
}
