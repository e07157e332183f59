using DGNet.Discrete.Functions;
using static TorchSharp.torch;

namespace DGNet.Tests.Discrete;

/// <summary>
/// The tanh slope with its partial derivatives, from the fused CPU kernel and from the tensor fallback, against an
/// independent quadrature: s = ∫₀¹ f'(b + t(a - b)) dt, ∂s/∂a = ∫₀¹ t f''(b + t(a - b)) dt, ∂s/∂b = ∫₀¹ (1 - t) f''(…) dt.
/// </summary>
public class TanhSecantKernelTests
{
    private static double Derivative(double x) => 1 - Math.Tanh(x) * Math.Tanh(x);
    private static double Second(double x) => -2 * Math.Tanh(x) * Derivative(x);

    /// <summary>∫₀¹ w(t) f''(b + t(a - b)) dt for the weights w(t) = t (∂/∂a) or 1 - t (∂/∂b), by the same quadrature.</summary>
    private static double Partial(double a, double b, bool withRespectToA)
    {
        if (a == b) return 0.5 * Second(a);
        // d/da of the mean of f' over [b, a]: integrate t·f'' with f''·t = d/dt(...) handled by quadrature of the product.
        double d = a - b;
        return ReferenceSlope.Of(x => (withRespectToA ? (x - b) / d : (a - x) / d) * Second(x), a, b);
    }

    private static (double[] A, double[] B) Pairs(int count, int seed)
    {
        var rng = new Random(seed);
        var a = new double[count];
        var b = new double[count];
        double[] gaps = [0, 1e-300, 1e-14, 1e-9, 1e-5, 0.01, 0.09999, 0.1, 0.10001, 0.2, 0.7, 3, 25];
        for (int i = 0; i < count; i++)
        {
            double m = rng.NextDouble() * 8 - 4;
            // First half: runs of 16 equal gap classes (whole vectors on one side of the series switch); then mixed.
            int gapClass = i < count / 2 ? i / 16 % gaps.Length : i % gaps.Length;
            double gap = gaps[gapClass] * (rng.Next(2) == 0 ? 1 : -1) * (i % 3 == 0 ? 1 : 1 + rng.NextDouble());
            a[i] = m + gap / 2;
            b[i] = m - gap / 2;
            if (i % 2 == 0 && gap == 0) b[i] = a[i];
        }
        return (a, b);
    }

    private static (double[] S, double[] Pa, double[] Pb) Evaluate(double[] a, double[] b, ScalarType dtype, bool kernel, bool transposed = false)
    {
        using var scope = NewDisposeScope();
        var x = stack([tensor(a, dtype: dtype), tensor(b, dtype: dtype)]);
        if (transposed) x = x.t().contiguous().t(); // same values, not contiguous: the kernel declines
        var y = x.tanh();
        var weight = full(a.Length, 2.0, dtype: dtype);
        Assert.Equal(kernel, TanhSecantKernel.Supports(x, y, weight));
        var (s, p) = new TanhFunction().SlopeWithPartials(x, y, weight);
        p = p / 2;
        double[] Read(Tensor t) => t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        return (Read(s), Read(p[0]), Read(p[1]));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void SlopeAndPartialsMatchQuadratureInFloat64(bool kernel, bool transposed)
    {
        // 70001 pairs: several parallel chunks and a tail shorter than a vector.
        var (a, b) = Pairs(70001, 1);
        var (s, pa, pb) = Evaluate(a, b, ScalarType.Float64, kernel, transposed);
        for (int i = 0; i < a.Length; i += i < a.Length / 2 ? 11 : 29)
        {
            double reference = a[i] == b[i] ? Derivative(a[i]) : ReferenceSlope.Of(Derivative, a[i], b[i]);
            // 1 - tanh a tanh b from rounded tanh values carries an absolute error of about eps (as libtorch's 1 - y²).
            double tolerance = 1e-13 * Math.Abs(reference) + 1e-15 * Math.Abs(Math.Tanh(a[i]) * Math.Tanh(b[i]));
            Assert.True(Math.Abs(s[i] - reference) <= tolerance,
                $"slope({a[i]:R}, {b[i]:R}) = {s[i]:R}, reference {reference:R}");
            double refA = Partial(a[i], b[i], true), refB = Partial(a[i], b[i], false);
            double scale = Math.Abs(refA) + Math.Abs(refB) + 1e-3 * Math.Abs(Second(a[i])) + 1e-300;
            Assert.True(Math.Abs(pa[i] - refA) <= 1e-12 * scale, $"∂s/∂a({a[i]:R}, {b[i]:R}) = {pa[i]:R}, reference {refA:R}");
            Assert.True(Math.Abs(pb[i] - refB) <= 1e-12 * scale, $"∂s/∂b({a[i]:R}, {b[i]:R}) = {pb[i]:R}, reference {refB:R}");
        }
    }

    [Fact]
    public void SlopeAndPartialsMatchQuadratureInFloat32()
    {
        var (a64, b64) = Pairs(5003, 2);
        var a = a64.Select(v => (double)(float)v).ToArray();
        var b = b64.Select(v => (double)(float)v).ToArray();
        var (s, pa, pb) = Evaluate(a, b, ScalarType.Float32, kernel: true);
        for (int i = 0; i < a.Length; i++)
        {
            double reference = a[i] == b[i] ? Derivative(a[i]) : ReferenceSlope.Of(Derivative, a[i], b[i]);
            double scale = Math.Abs(reference) + Derivative(a[i]) + Derivative(b[i]) + Math.Abs(Math.Tanh(a[i])) + Math.Abs(Math.Tanh(b[i]));
            Assert.True(Math.Abs(s[i] - reference) <= 5e-7 * scale, $"float32 slope({a[i]:R}, {b[i]:R}) = {s[i]:R}, reference {reference:R}");
            double refA = Partial(a[i], b[i], true), refB = Partial(a[i], b[i], false);
            // 1 - tanh² from float32 tanh values carries an absolute error of a few eps: allow eps-level terms of size |tanh|.
            double partialScale = Math.Abs(refA) + Math.Abs(refB) + Math.Abs(Math.Tanh(a[i]) * Math.Tanh(b[i])) + 1e-6;
            Assert.True(Math.Abs(pa[i] - refA) <= 1e-6 * partialScale, $"float32 ∂s/∂a({a[i]:R}, {b[i]:R}) = {pa[i]:R}, reference {refA:R}");
            Assert.True(Math.Abs(pb[i] - refB) <= 1e-6 * partialScale, $"float32 ∂s/∂b({a[i]:R}, {b[i]:R}) = {pb[i]:R}, reference {refB:R}");
        }
    }

    [Fact]
    public void KernelAndTensorFallbackAgreeAndStayFiniteAtExtremes()
    {
        double[] a = [0, 1e308, -1e308, 800, 1e-320, 3, -20, 5e-324];
        double[] b = [0, -1e308, 1e308, 799.999, 0, 3, -20.5, -5e-324];
        var (s1, pa1, pb1) = Evaluate(a, b, ScalarType.Float64, kernel: true);
        var (s2, pa2, pb2) = Evaluate(a, b, ScalarType.Float64, kernel: false, transposed: true);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(double.IsFinite(s1[i]) && double.IsFinite(pa1[i]) && double.IsFinite(pb1[i]), $"non-finite at ({a[i]}, {b[i]})");
            Assert.Equal(s1[i], s2[i], 15);
            Assert.Equal(pa1[i], pa2[i], 15);
            Assert.Equal(pb1[i], pb2[i], 15);
        }
        Assert.Equal(1, s1[0]);
        Assert.Equal(0, s1[1]);
    }
}
