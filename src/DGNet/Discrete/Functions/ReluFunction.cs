using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// ReLU, with its secant slope computed exactly piecewise: 1 where both inputs are positive, 0 where both are not,
/// a/(a - b) across the kink, and the one-sided derivative (1 for x > 0, else 0, as autograd takes it) at a = b.
/// </summary>
public sealed class ReluFunction : ElementwiseFunction
{
    /// <inheritdoc/>
    public override string Name => "relu";

    /// <inheritdoc/>
    public override Tensor Value(Tensor x) => x.relu();

    /// <inheritdoc/>
    public override Tensor Derivative(Tensor x, Tensor fx) => (x > 0).to_type(x.dtype);

    /// <inheritdoc/>
    public override Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb)
    {
        var d = a - b;
        var same = d == 0;
        return where(same, (a > 0).to_type(a.dtype), (fa - fb) / where(same, 1.0, d));
    }
}
