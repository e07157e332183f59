using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// sin. Secant slope from sin a - sin b = 2 cos((a + b)/2) sin((a - b)/2): cos of the midpoint times the even ratio
/// sin(δ)/δ at δ = (a - b)/2; exact to rounding for every a - b with no threshold.
/// </summary>
public sealed class SinFunction : ElementwiseFunction
{
    /// <inheritdoc/>
    public override string Name => "sin";

    /// <inheritdoc/>
    public override Tensor Value(Tensor x) => x.sin();

    /// <inheritdoc/>
    public override Tensor Derivative(Tensor x, Tensor fx) => x.cos();

    /// <inheritdoc/>
    public override Tensor Slope(Tensor a, Tensor b, Tensor fa, Tensor fb) =>
        (0.5 * (a + b)).cos() * SecantRatios.SinOverX(0.5 * (a - b));
}
