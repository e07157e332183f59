using static TorchSharp.torch;

namespace DGNet.Benchmarks;

/// <summary>
/// The machine's float64 matrix-product rate: a few products of two n × n matrices per run, on libtorch's current
/// threads. The unit is one product; the GFLOP/s are the yardstick for every other workload's.
/// </summary>
public sealed class MatrixProductRun : IWorkloadRun
{
    private const int ProductsPerRun = 4;
    private readonly Tensor a;
    private readonly Tensor b;
    private readonly long n;

    /// <summary>Random float64 operands of size <paramref name="size"/> × <paramref name="size"/>.</summary>
    public MatrixProductRun(long size)
    {
        n = size;
        using var generator = new Generator(0);
        a = randn(size, size, dtype: ScalarType.Float64, generator: generator);
        b = randn(size, size, dtype: ScalarType.Float64, generator: generator);
    }

    /// <inheritdoc/>
    public string? Note => null;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Metrics { get; } = new Dictionary<string, double>();

    /// <inheritdoc/>
    public WorkDone Run()
    {
        for (int i = 0; i < ProductsPerRun; i++)
        {
            using var product = a.matmul(b);
        }
        return new WorkDone(ProductsPerRun, ProductsPerRun * FlopCount.MatrixProduct(n));
    }

    public void Dispose()
    {
        a.Dispose();
        b.Dispose();
    }
}
