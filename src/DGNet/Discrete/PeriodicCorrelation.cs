using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Channels-last periodic cross-correlation, the kernel of <see cref="PairPeriodicConv"/> and of its pullback:
/// y[p] = Σ_t W[:, :, t] x[p + t - left] (indices modulo the grid) for x [..., S₁..S_s, C_in],
/// W [C_out, C_in, k₁..k_s], y [..., S₁..S_s, C_out]. Each call is a single matrix product: when C_in &lt;= C_out the
/// input windows are gathered (K·C_in values per point) and multiplied; otherwise every tap is applied at once
/// (K·C_out values per point) and the shifted tap outputs are summed, so that the copy is always the smaller one.
/// </summary>
internal static class PeriodicCorrelation
{
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, long[] left)
    {
        int s = (int)weight.dim() - 2;
        long cout = weight.shape[0], cin = weight.shape[1];
        if (x.dim() < s + 1 || x.shape[^1] != cin)
            throw new ArgumentException(
                $"a {s}-D convolution with {cin} input channels needs input [..., {string.Join(", ", Enumerable.Repeat("S", s))}, {cin}] (channels last), got [{string.Join(", ", x.shape)}]");
        var kernel = weight.shape[2..];
        int firstSpatial = (int)x.dim() - 1 - s;
        for (int i = 0; i < s; i++)
            if (x.shape[firstSpatial + i] < kernel[i])
                throw new ArgumentException($"periodic convolution: grid axis of length {x.shape[firstSpatial + i]} is shorter than the kernel ({kernel[i]})");

        if (cin <= cout)
        {
            var windows = x;
            for (int i = 0; i < s; i++) windows = PadCircular(windows, firstSpatial + i, left[i], kernel[i] - 1 - left[i]);
            for (int i = 0; i < s; i++) windows = windows.unfold(firstSpatial + i, kernel[i], 1);
            var columns = windows.flatten(firstSpatial + s);
            return nn.functional.linear(columns, weight.reshape(cout, -1), bias);
        }

        long taps = kernel.Aggregate(1L, (a, b) => a * b);
        var perm = Enumerable.Range(2, s).Select(i => (long)i).Append(0).Append(1).ToArray();
        var tapWeights = weight.permute(perm).reshape(taps * cout, cin);
        var perTap = nn.functional.linear(x, tapWeights).unflatten(x.dim() - 1, [taps, cout]);
        for (int i = 0; i < s; i++) perTap = PadCircular(perTap, firstSpatial + i, left[i], kernel[i] - 1 - left[i]);
        Tensor? y = null;
        for (long t = 0; t < taps; t++)
        {
            var slice = perTap.select(-2, t);
            long rest = t;
            for (int i = s - 1; i >= 0; i--)
            {
                long offset = rest % kernel[i];
                rest /= kernel[i];
                slice = slice.narrow(firstSpatial + i, offset, x.shape[firstSpatial + i]);
            }
            y = y is null ? slice : y + slice;
        }
        return bias is null ? y! : y! + bias;
    }

    /// <summary>Wraps <paramref name="left"/> values from the end before and <paramref name="right"/> from the start after the axis.</summary>
    public static Tensor PadCircular(Tensor x, int axis, long left, long right)
    {
        if (left == 0 && right == 0) return x;
        long n = x.shape[axis];
        var parts = new List<Tensor>(3);
        if (left > 0) parts.Add(x.narrow(axis, n - left, left));
        parts.Add(x);
        if (right > 0) parts.Add(x.narrow(axis, 0, right));
        return cat(parts, axis);
    }
}
