using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Discrete.Functions;

/// <summary>
/// The secant slope of tanh and its partial derivatives (times a weight) in one pass over the pair, for contiguous CPU tensors
/// (float64, or float32 computed in float64), vectorised and spread over libtorch's thread count. With d = a - b,
/// e = |d|, T(e) = tanh(e)/e and q = 1 - tanh a tanh b:
///   s = q·T,  ∂s/∂a = -(1 - tanh²a)·tanh b·T + q·T'(e)·sign d,  ∂s/∂b = -(1 - tanh²b)·tanh a·T - q·T'(e)·sign d.
/// T and T' come from their Taylor series (7 terms, error below 2e-17) for e &lt; 1/10 and from
/// tanh e = (1 - exp(-2e))/(1 + exp(-2e)) above, where little cancellation remains (T to a few ulps, T' to about
/// 150 ulps at the switch); the result is exact to rounding for every gap, with no NaN at a = b and none for infinite
/// gaps. Vectors whose lanes all lie on one side of the switch evaluate only that side. The loops are compiled fully
/// optimised at their first call: under tiered compilation they would start as unoptimised code, whose vector
/// operations are calls, and a short run (a benchmark, a quick training) could end before the optimised code arrives.
/// </summary>
internal static class TanhSecantKernel
{
    private const double SeriesBelow = 0.1;
    private const int Chunk = 1 << 15;

    /// <summary>The gap below which the series is used.</summary>
    public static double SeriesThreshold => SeriesBelow;

    /// <summary>Coefficients c_n of tanh(e)/e = Σ c_n e^(2n) (from the Bernoulli numbers), n = 0..6.</summary>
    public static IReadOnlyList<double> SeriesCoefficients => Series;

    private static readonly double[] Series =
    [
        1, -1.0 / 3, 2.0 / 15, -17.0 / 315, 62.0 / 2835, -1382.0 / 155925, 21844.0 / 6081075,
    ];

    /// <summary>
    /// True when the kernel can run on these tensors: pair tensors x, y [2, ...] and a weight [...], all contiguous,
    /// on the CPU, of one dtype (float32 or float64).
    /// </summary>
    public static bool Supports(Tensor x, Tensor y, Tensor weight) =>
        x.device_type == DeviceType.CPU && y.device_type == DeviceType.CPU && weight.device_type == DeviceType.CPU
        && x.dtype == y.dtype && x.dtype == weight.dtype && x.dtype is ScalarType.Float64 or ScalarType.Float32
        && x.is_contiguous() && y.is_contiguous() && weight.is_contiguous()
        && x.shape.SequenceEqual(y.shape) && x.shape[1..].SequenceEqual(weight.shape)
        && x.numel() * x.ElementSize < int.MaxValue;

    /// <summary>The slope [...] and the weighted partials [2, ...] (see <see cref="ILinearizedSecant"/>).</summary>
    public static (Tensor Slope, Tensor WeightedPartials) Run(Tensor x, Tensor y, Tensor weight)
    {
        long n = x.numel() / 2;
        var slope = empty(x.shape[1..], dtype: x.dtype);
        var partials = empty_like(x);
        long chunks = (n + Chunk - 1) / Chunk;
        void RunChunk(long k)
        {
            int start = (int)(k * Chunk), length = (int)Math.Min(Chunk, n - k * Chunk);
            if (x.dtype == ScalarType.Float64)
                Block(MemoryMarshal.Cast<byte, double>(x.bytes), MemoryMarshal.Cast<byte, double>(y.bytes), MemoryMarshal.Cast<byte, double>(weight.bytes),
                    MemoryMarshal.Cast<byte, double>(slope.bytes), MemoryMarshal.Cast<byte, double>(partials.bytes), (int)n, start, length);
            else
                Block(MemoryMarshal.Cast<byte, float>(x.bytes), MemoryMarshal.Cast<byte, float>(y.bytes), MemoryMarshal.Cast<byte, float>(weight.bytes),
                    MemoryMarshal.Cast<byte, float>(slope.bytes), MemoryMarshal.Cast<byte, float>(partials.bytes), (int)n, start, length);
        }
        if (chunks == 1) RunChunk(0);
        else Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, get_num_threads()) }, RunChunk);
        return (slope, partials);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(Span<double> x, Span<double> y, Span<double> weight, Span<double> slope, Span<double> partials, int n, int start, int length)
    {
        int width = Vector<double>.Count, i = start, end = start + length;
        for (; i + width <= end; i += width)
        {
            Compute(new Vector<double>(x[i..]), new Vector<double>(x[(n + i)..]), new Vector<double>(y[i..]), new Vector<double>(y[(n + i)..]),
                new Vector<double>(weight[i..]), out var s, out var pa, out var pb);
            s.CopyTo(slope[i..]);
            pa.CopyTo(partials[i..]);
            pb.CopyTo(partials[(n + i)..]);
        }
        if (i < end) Tail(x, y, weight, slope, partials, n, i, end - i, v => v, v => v);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(Span<float> x, Span<float> y, Span<float> weight, Span<float> slope, Span<float> partials, int n, int start, int length)
    {
        int width = Vector<float>.Count, i = start, end = start + length;
        for (; i + width <= end; i += width)
        {
            Vector.Widen(new Vector<float>(x[i..]), out var aLow, out var aHigh);
            Vector.Widen(new Vector<float>(x[(n + i)..]), out var bLow, out var bHigh);
            Vector.Widen(new Vector<float>(y[i..]), out var faLow, out var faHigh);
            Vector.Widen(new Vector<float>(y[(n + i)..]), out var fbLow, out var fbHigh);
            Vector.Widen(new Vector<float>(weight[i..]), out var wLow, out var wHigh);
            Compute(aLow, bLow, faLow, fbLow, wLow, out var sLow, out var paLow, out var pbLow);
            Compute(aHigh, bHigh, faHigh, fbHigh, wHigh, out var sHigh, out var paHigh, out var pbHigh);
            Vector.Narrow(sLow, sHigh).CopyTo(slope[i..]);
            Vector.Narrow(paLow, paHigh).CopyTo(partials[i..]);
            Vector.Narrow(pbLow, pbHigh).CopyTo(partials[(n + i)..]);
        }
        if (i < end) Tail(x, y, weight, slope, partials, n, i, end - i, v => v, v => (float)v);
    }

    /// <summary>The last elements of a chunk, padded into one full vector so that the same formulas apply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tail<T>(Span<T> x, Span<T> y, Span<T> weight, Span<T> slope, Span<T> partials, int n, int i, int count,
        Func<T, double> widen, Func<double, T> narrow) where T : struct
    {
        Span<double> a = stackalloc double[Vector<double>.Count], b = stackalloc double[Vector<double>.Count];
        Span<double> fa = stackalloc double[Vector<double>.Count], fb = stackalloc double[Vector<double>.Count];
        Span<double> w = stackalloc double[Vector<double>.Count];
        for (int j = 0; j < count; j++)
        {
            a[j] = widen(x[i + j]);
            b[j] = widen(x[n + i + j]);
            fa[j] = widen(y[i + j]);
            fb[j] = widen(y[n + i + j]);
            w[j] = widen(weight[i + j]);
        }
        Compute(new Vector<double>(a), new Vector<double>(b), new Vector<double>(fa), new Vector<double>(fb), new Vector<double>(w),
            out var s, out var pa, out var pb);
        for (int j = 0; j < count; j++)
        {
            slope[i + j] = narrow(s[j]);
            partials[i + j] = narrow(pa[j]);
            partials[n + i + j] = narrow(pb[j]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Compute(Vector<double> a, Vector<double> b, Vector<double> fa, Vector<double> fb, Vector<double> weight,
        out Vector<double> slope, out Vector<double> partialA, out Vector<double> partialB)
    {
        var one = Vector<double>.One;
        var d = a - b;
        var e = Vector.Abs(d);

        var threshold = new Vector<double>(SeriesBelow);
        Vector<double> ratio, ratioDerivative;
        if (Vector.LessThanAll(e, threshold))
        {
            (ratio, ratioDerivative) = SeriesRatio(e);
        }
        else if (!Vector.LessThanAny(e, threshold))
        {
            (ratio, ratioDerivative) = ClosedRatio(e);
        }
        else
        {
            var useSeries = Vector.LessThan(e, threshold);
            var (seriesT, seriesDerivative) = SeriesRatio(e);
            var (closedT, closedDerivative) = ClosedRatio(e);
            ratio = Vector.ConditionalSelect(useSeries, seriesT, closedT);
            ratioDerivative = Vector.ConditionalSelect(useSeries, seriesDerivative, closedDerivative);
        }
        var sign = Vector.ConditionalSelect(Vector.LessThan(d, Vector<double>.Zero), -one, one);

        var q = one - fa * fb;
        var gapTerm = q * ratioDerivative * sign;
        slope = q * ratio;
        partialA = (gapTerm - (one - fa * fa) * fb * ratio) * weight;
        partialB = (-gapTerm - (one - fb * fb) * fa * ratio) * weight;
    }

    /// <summary>T = tanh(e)/e = Σ c_k e^(2k) and T' = Σ 2k c_k e^(2k-1) by Horner's rule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static (Vector<double> Ratio, Vector<double> Derivative) SeriesRatio(Vector<double> e)
    {
        var e2 = e * e;
        var ratio = new Vector<double>(Series[^1]);
        var derivative = new Vector<double>(2 * (Series.Length - 1) * Series[^1]);
        for (int k = Series.Length - 2; k >= 0; k--)
        {
            ratio = ratio * e2 + new Vector<double>(Series[k]);
            if (k >= 1) derivative = derivative * e2 + new Vector<double>(2 * k * Series[k]);
        }
        return (ratio, derivative * e);
    }

    /// <summary>T = t/e and T' = ((1 - t²) - T)/e with t = tanh e from exp(-2e); finite for infinite e.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static (Vector<double> Ratio, Vector<double> Derivative) ClosedRatio(Vector<double> e)
    {
        var one = Vector<double>.One;
        var decay = Vector.Exp(-2.0 * e);
        var t = (one - decay) / (one + decay);
        var inverse = one / e;
        var ratio = t * inverse;
        return (ratio, (one - t * t - ratio) * inverse);
    }
}
