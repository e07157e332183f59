using static TorchSharp.torch;

namespace DGNet.Structure;

/// <summary>
/// Applies a convolution kernel on a periodic 1-D or 2-D grid with the convention (G y)_i = Σ_j w_j y_{i+j}: the
/// kernel entry at index c + j (c = (k - 1)/2 the centre) multiplies the neighbour at offset j, indices wrapping
/// around. As a matrix, G[i, i + j] = w_j, so G is skew exactly when w_{-j} = -w_j, symmetric when w_{-j} = w_j,
/// and every column sums to Σ_j w_j (zero-sum kernels conserve mass).
/// </summary>
internal static class PeriodicKernel
{
    /// <summary>G y for a fixed kernel given as values (zeros skipped).</summary>
    public static Tensor Apply(Tensor y, double[] weights, long[] kernelShape)
    {
        Tensor? result = null;
        foreach (var (tap, offsets) in Taps(kernelShape))
        {
            if (weights[tap] == 0) continue;
            var term = Shift(y, offsets) * weights[tap];
            result = result is null ? term : result + term;
        }
        return result ?? zeros_like(y);
    }

    /// <summary>G y for a kernel tensor (which may carry gradients), of shape [k] or [kH, kW].</summary>
    public static Tensor Apply(Tensor y, Tensor kernel)
    {
        var flat = kernel.to(y.dtype, y.device).flatten();
        Tensor? result = null;
        foreach (var (tap, offsets) in Taps(kernel.shape))
        {
            var term = Shift(y, offsets) * flat[tap];
            result = result is null ? term : result + term;
        }
        return result!;
    }

    /// <summary>Every kernel entry (flattened index) with its offsets j from the centre, one per grid axis.</summary>
    public static IEnumerable<(long Tap, long[] Offsets)> Taps(long[] kernelShape)
    {
        long count = kernelShape.Aggregate(1L, (a, b) => a * b);
        for (long tap = 0; tap < count; tap++)
        {
            var offsets = new long[kernelShape.Length];
            long rest = tap;
            for (int axis = kernelShape.Length - 1; axis >= 0; axis--)
            {
                offsets[axis] = rest % kernelShape[axis] - (kernelShape[axis] - 1) / 2;
                rest /= kernelShape[axis];
            }
            yield return (tap, offsets);
        }
    }

    /// <summary>The grid shifted so that entry i holds y_{i+j} (periodic), along the last axes.</summary>
    private static Tensor Shift(Tensor y, long[] offsets)
    {
        if (offsets.All(o => o == 0)) return y;
        var dims = Enumerable.Range(0, offsets.Length).Select(a => (long)(a - offsets.Length)).ToArray();
        return y.roll(offsets.Select(o => -o).ToArray(), dims);
    }
}
