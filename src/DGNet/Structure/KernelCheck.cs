using static TorchSharp.torch;

namespace DGNet.Structure;

/// <summary>
/// Reads off what a learned convolution kernel does (issue: "learned-kernel check"): its sum (mass conservation),
/// its symmetry under reflection / 90° rotations and reflections (isotropy), and the definiteness of its symmetric
/// part from the Fourier symbol on a periodic grid: the eigenvalues of the circulant (G + Gᵀ)/2 are
/// λ(ω) = Σ_j (w_j + w_{-j})/2 · cos(ω·j) at the grid frequencies ω = 2π m / N.
/// </summary>
public static class KernelCheck
{
    /// <summary>Checks a kernel tensor ([k] or [kH, kW], odd sizes, centred) on the grid <paramref name="gridShape"/>.</summary>
    public static KernelReport Analyze(Tensor kernel, long[] gridShape, double tolerance = 1e-2) =>
        Analyze(kernel.detach().to_type(ScalarType.Float64).cpu().data<double>().ToArray(), kernel.shape, gridShape, tolerance);

    /// <summary>Checks a kernel given row-major with its shape.</summary>
    public static KernelReport Analyze(double[] weights, long[] kernelShape, long[] gridShape, double tolerance = 1e-2)
    {
        if (kernelShape.Length is not (1 or 2) || kernelShape.Any(k => k % 2 == 0))
            throw new ArgumentException($"a kernel to check is 1-D or 2-D with odd sizes, got [{string.Join(", ", kernelShape)}]");
        if (gridShape.Length != kernelShape.Length || gridShape.Any(n => n < 1))
            throw new ArgumentException($"the grid [{string.Join(", ", gridShape)}] does not match a kernel of shape [{string.Join(", ", kernelShape)}]");
        if (weights.Length != kernelShape.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"{weights.Length} weights do not fill a kernel of shape [{string.Join(", ", kernelShape)}]");

        double sum = weights.Sum();
        double absSum = weights.Sum(Math.Abs);
        double relativeSum = absSum == 0 ? 0 : Math.Abs(sum) / absSum;
        double deviation = SymmetryDeviation(weights, kernelShape);
        var (min, max) = SymmetricPartSpectrum(weights, kernelShape, gridShape);
        return new KernelReport(kernelShape, weights, gridShape, sum, relativeSum, deviation, max, min, tolerance);
    }

    private static double SymmetryDeviation(double[] w, long[] shape)
    {
        double scale = w.Max(Math.Abs);
        if (scale == 0) return 0;
        IEnumerable<double[]> images;
        if (shape.Length == 1)
            images = [w.Reverse().ToArray()];
        else if (shape[0] != shape[1])
            images = [Transform(w, shape, (r, c, h, wd) => (h - 1 - r, c)), Transform(w, shape, (r, c, h, wd) => (r, wd - 1 - c))];
        else
            images =
            [
                Transform(w, shape, (r, c, n, _) => (c, n - 1 - r)),          // rotation by 90°
                Transform(w, shape, (r, c, n, _) => (n - 1 - r, n - 1 - c)),  // rotation by 180°
                Transform(w, shape, (r, c, n, _) => (n - 1 - c, r)),          // rotation by 270°
                Transform(w, shape, (r, c, n, _) => (n - 1 - r, c)),          // reflections
                Transform(w, shape, (r, c, n, _) => (r, n - 1 - c)),
                Transform(w, shape, (r, c, n, _) => (c, r)),
                Transform(w, shape, (r, c, n, _) => (n - 1 - c, n - 1 - r)),
            ];
        return images.Max(image => image.Zip(w, (a, b) => Math.Abs(a - b)).Max()) / scale;
    }

    private static double[] Transform(double[] w, long[] shape, Func<int, int, int, int, (int, int)> map)
    {
        int h = (int)shape[0], wd = (int)shape[1];
        var result = new double[w.Length];
        for (int r = 0; r < h; r++)
            for (int c = 0; c < wd; c++)
            {
                var (r2, c2) = map(r, c, h, wd);
                result[r2 * wd + c2] = w[r * wd + c];
            }
        return result;
    }

    private static (double Min, double Max) SymmetricPartSpectrum(double[] w, long[] kernelShape, long[] gridShape)
    {
        var taps = PeriodicKernel.Taps(kernelShape).ToArray();
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        long m1Count = gridShape.Length == 2 ? gridShape[1] : 1;
        for (long m0 = 0; m0 < gridShape[0]; m0++)
            for (long m1 = 0; m1 < m1Count; m1++)
            {
                // The symmetric part's symbol is real: Σ_j w_j cos(ω·j) (the sine terms belong to the skew part).
                double lambda = 0;
                foreach (var (tap, offsets) in taps)
                {
                    double phase = 2 * Math.PI * m0 * offsets[0] / gridShape[0];
                    if (gridShape.Length == 2) phase += 2 * Math.PI * m1 * offsets[1] / gridShape[1];
                    lambda += w[tap] * Math.Cos(phase);
                }
                min = Math.Min(min, lambda);
                max = Math.Max(max, lambda);
            }
        return (min, max);
    }
}
