using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>x³, with the exact secant slope a² + ab + b².</summary>
public sealed class CubeFunction : ElementwiseFunction
{
    /// <inheritdoc/>
    public override string Name => "cube";

    /// <inheritdoc/>
    public override Tensor Value(Tensor x) => x * x * x;

    /// <inheritdoc/>
    public override Tensor Derivative(Tensor x, Tensor fx) => 3 * x.square();

    /// <inheritdoc/>
    public override Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb) => a.square() + a * b + b.square();
}
