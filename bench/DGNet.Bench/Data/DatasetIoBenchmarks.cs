using BenchmarkDotNet.Attributes;
using DGNet.Data;
using static TorchSharp.torch;

namespace DGNet.Bench.Data;

/// <summary>Saving and loading a dataset the size of the paper's KdV data (100 trajectories × 501 points × 50 grid
/// values, 20 MB); loading includes the SHA-256 hash and every format check.</summary>
[MemoryDiagnoser]
public class DatasetIoBenchmarks
{
    private Dataset _dataset = null!;
    private string _folder = null!;
    private string _saved = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("dgnet-bench-").FullName;
        using var u = randn(100, 501, 50, dtype: ScalarType.Float64, generator: new Generator(0));
        _dataset = Dataset.Create(u, 1e-3, dx: 0.2, system: "kdv");
        _saved = Path.Combine(_folder, "kdv.npz");
        _dataset.Save(_saved);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dataset.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public void Save() => _dataset.Save(Path.Combine(_folder, "copy.npz"), overwrite: true);

    [Benchmark]
    public int Load()
    {
        using var dataset = Dataset.Load(_saved);
        return dataset.Trajectories;
    }
}
