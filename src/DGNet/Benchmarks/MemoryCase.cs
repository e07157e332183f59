namespace DGNet.Benchmarks;

/// <summary>
/// One measurement of the memory comparison: a training step on 2-D Cahn-Hilliard pairs of a
/// <paramref name="Grid"/> × <paramref name="Grid"/> field, <paramref name="Batch"/> pairs, float64, widths 200,
/// trained by <paramref name="Method"/>. The pairs are <paramref name="Horizon"/> data steps (dt = 1e-4) apart, so a
/// longer horizon makes Dormand-Prince take more steps over one pair.
/// </summary>
public sealed record MemoryCase(int Grid, MemoryMethod Method, int Batch = MemoryCase.DefaultBatch, int Horizon = 1)
{
    /// <summary>Pairs per training step unless chosen otherwise: small enough that back-propagation through
    /// Dormand-Prince on a 64 × 64 field still fits a few GB.</summary>
    public const int DefaultBatch = 4;

    /// <summary>The name of the case in bench reports, e.g. "memory-ch2d-64-hnn-dopri5-adjoint" (with "-4dt" for
    /// a horizon of 4 data steps).</summary>
    public string Name => $"memory-ch2d-{Grid}-{MethodName(Method)}" + (Horizon == 1 ? "" : $"-{Horizon}dt");

    /// <summary>The method's name on the command line and in reports.</summary>
    public static string MethodName(MemoryMethod method) => method switch
    {
        MemoryMethod.DGNet => "dgnet",
        MemoryMethod.HnnDopri5Backprop => "hnn-dopri5-backprop",
        MemoryMethod.HnnDopri5Adjoint => "hnn-dopri5-adjoint",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>The method called <paramref name="name"/> (see <see cref="MethodName"/>).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static MemoryMethod ParseMethod(string name)
    {
        foreach (var method in Enum.GetValues<MemoryMethod>())
            if (MethodName(method) == name) return method;
        throw new ArgumentException(
            $"--method: unknown method '{name}' (known: {string.Join(", ", Enum.GetValues<MemoryMethod>().Select(MethodName))})");
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a size that cannot be measured.</summary>
    public void Validate()
    {
        if (Grid < 4) throw new ArgumentException($"--grid: must be at least 4 (got {Grid})");
        if (Batch < 1) throw new ArgumentException($"--batch: must be at least 1 (got {Batch})");
        if (Horizon < 1) throw new ArgumentException($"--horizon: must be at least 1 (got {Horizon})");
        if (!Enum.IsDefined(Method)) throw new ArgumentException($"unknown method {Method}");
    }
}
