using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// tanh. Secant slope from tanh a - tanh b = (1 - tanh a tanh b)·tanh(a - b): the smooth factor
/// 1 - tanh a tanh b times the even ratio tanh(d)/d, exact to rounding for every a - b with no threshold.
/// Also gives the slope with its partial derivatives directly (<see cref="ILinearizedSecant"/>): a fused CPU kernel,
/// or the same formulas as tensor operations on other devices.
/// </summary>
public sealed class TanhFunction : ElementwiseFunction, ILinearizedSecant
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

    /// <inheritdoc/>
    public (Tensor Slope, Tensor WeightedPartials) SlopeWithPartials(Tensor x, Tensor y, Tensor weight)
    {
        SecantRatios.RequireFloatingPoint(x.dtype);
        using var noGrad = no_grad();
        return TanhSecantKernel.Supports(x, y, weight) ? TanhSecantKernel.Run(x, y, weight) : SlopeWithPartialsByTensors(x, y, weight);
    }

    /// <summary>The kernel's formulas as libtorch operations, for tensors the kernel does not take (e.g. on a GPU).</summary>
    internal static (Tensor Slope, Tensor WeightedPartials) SlopeWithPartialsByTensors(Tensor x, Tensor y, Tensor weight)
    {
        using var noGrad = no_grad();
        var xs = x.unbind(0);
        var ys = y.unbind(0);
        var (a, b, fa, fb) = (xs[0], xs[1], ys[0], ys[1]);
        var d = a - b;
        var e = d.abs();
        var e2 = e.square();

        var seriesT = full_like(e, TanhSecantKernel.SeriesCoefficients[^1]);
        var seriesDerivative = full_like(e, 2 * (TanhSecantKernel.SeriesCoefficients.Count - 1) * TanhSecantKernel.SeriesCoefficients[^1]);
        for (int k = TanhSecantKernel.SeriesCoefficients.Count - 2; k >= 0; k--)
        {
            seriesT = seriesT * e2 + TanhSecantKernel.SeriesCoefficients[k];
            if (k >= 1) seriesDerivative = seriesDerivative * e2 + 2 * k * TanhSecantKernel.SeriesCoefficients[k];
        }
        seriesDerivative = seriesDerivative * e;

        var decay = (-2 * e).exp();
        var t = (1 - decay) / (1 + decay);
        var inverse = e.reciprocal();
        var closedT = t * inverse;
        var closedDerivative = (1 - t.square() - closedT) * inverse;

        var useSeries = e < TanhSecantKernel.SeriesThreshold;
        var ratio = where(useSeries, seriesT, closedT);
        var gapTerm = (1 - fa * fb) * where(useSeries, seriesDerivative, closedDerivative) * d.sign();
        var q = 1 - fa * fb;
        var partials = stack([gapTerm - (1 - fa.square()) * fb * ratio, -gapTerm - (1 - fb.square()) * fa * ratio]);
        return (q * ratio, partials * weight);
    }
}
