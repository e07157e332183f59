using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>x², with the exact secant slope a + b.</summary>
public sealed class SquareFunction : ElementwiseFunction
{
    /// <inheritdoc/>
    public override string Name => "square";

    /// <inheritdoc/>
    public override Tensor Value(Tensor x) => x.square();

    /// <inheritdoc/>
    public override Tensor Derivative(Tensor x, Tensor fx) => 2 * x;

    /// <inheritdoc/>
    public override Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb) => a + b;
}
