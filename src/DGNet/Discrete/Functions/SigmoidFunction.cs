using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// The logistic sigmoid σ. Since σ(x) = (1 + tanh(x/2))/2, σ(a) - σ(b) = (σ(a)(1 - σ(b)) + σ(b)(1 - σ(a)))·tanh((a - b)/2),
/// so the secant slope is that smooth factor times the even ratio tanh(δ)/δ at δ = (a - b)/2 (halved): exact to
/// rounding for every a - b with no threshold.
/// </summary>
public sealed class SigmoidFunction : ElementwiseFunction
{
    /// <inheritdoc/>
    public override string Name => "sigmoid";

    /// <inheritdoc/>
    public override Tensor Value(Tensor x) => x.sigmoid();

    /// <inheritdoc/>
    public override Tensor Derivative(Tensor x, Tensor fx) => fx * (1 - fx);

    /// <inheritdoc/>
    public override Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb) =>
        (0.5 * (fa + fb) - fa * fb) * SecantRatios.TanhOverX(0.5 * (a - b));
}
