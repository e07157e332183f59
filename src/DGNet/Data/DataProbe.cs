using static TorchSharp.torch;

namespace DGNet.Data;

/// <summary>
/// A dataset's fingerprint that survives regeneration on another machine: a few state values at fixed, evenly spaced
/// positions. Ground truth made by the same generator, seed and settings on another CPU can differ in the last bits
/// (libtorch's kernels differ between instruction sets), which changes the file's SHA-256 but moves these values by
/// far less than <see cref="Tolerance"/>; another seed, system or file moves them by the size of the states.
/// </summary>
public static class DataProbe
{
    /// <summary>Values in a probe (fewer when the states have fewer entries).</summary>
    public const int Count = 64;

    /// <summary>Largest <see cref="Deviation"/> at which two datasets count as the same data.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>The states <c>u</c> at <see cref="Count"/> evenly spaced positions of their flattened array, first and
    /// last entries included.</summary>
    public static double[] Of(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = NewDisposeScope();
        var flat = data.U.flatten();
        long n = flat.shape[0];
        int count = (int)Math.Min(Count, n);
        var positions = Enumerable.Range(0, count).Select(k => count == 1 ? 0 : k * (n - 1) / (count - 1)).ToArray();
        return flat.index_select(0, tensor(positions)).data<double>().ToArray();
    }

    /// <summary>
    /// Largest difference between two probes, relative to the largest magnitude in <paramref name="recorded"/>:
    /// positive infinity when their lengths differ or a value is not finite.
    /// </summary>
    public static double Deviation(IReadOnlyList<double> recorded, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(values);
        if (recorded.Count != values.Count || recorded.Count == 0) return double.PositiveInfinity;
        double scale = recorded.Max(Math.Abs), largest = 0;
        for (int i = 0; i < recorded.Count; i++) largest = Math.Max(largest, Math.Abs(recorded[i] - values[i]));
        double deviation = scale > 0 ? largest / scale : largest;
        return double.IsFinite(deviation) ? deviation : double.PositiveInfinity;
    }
}
