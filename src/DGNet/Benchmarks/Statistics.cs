namespace DGNet.Benchmarks;

/// <summary>Order statistics of repeated measurements (robust to the outliers a shared machine produces).</summary>
public static class Statistics
{
    /// <summary>The median: the middle value, or the mean of the two middle values for an even count.</summary>
    /// <exception cref="ArgumentException">No values, or a NaN among them.</exception>
    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    /// <summary>
    /// The q-quantile with linear interpolation between order statistics (q = 0: minimum, 1: maximum, 0.5: median).
    /// </summary>
    /// <exception cref="ArgumentException">No values, a NaN among them, or q outside [0, 1].</exception>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("a quantile needs at least one value");
        if (!(q >= 0 && q <= 1)) throw new ArgumentException($"a quantile level lies in [0, 1], got {q}");
        if (values.Any(double.IsNaN)) throw new ArgumentException("cannot order NaN measurements");
        var sorted = values.Order().ToArray();
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        double fraction = position - below;
        return fraction == 0 ? sorted[below] : sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
