using BenchmarkDotNet.Attributes;
using DGNet.Systems;

namespace DGNet.Bench.Systems;

/// <summary>
/// Generating the paper's default PDE datasets (100 trajectories × 500 steps, M = 50; issue 8's target for KdV is
/// 30 s on 2 cores, the PyTorch reference takes 296 s), and one Furihata step of the default KdV batch, for
/// profiling. Few, long iterations: each dataset takes seconds.
/// </summary>
[Config(typeof(InProcessJobs.Long))]
[MemoryDiagnoser]
public class DatasetGenerationBenchmarks
{
    [Params("kdv", "cahn-hilliard")]
    public string System { get; set; } = "kdv";

    [Benchmark]
    public int DefaultDataset()
    {
        var system = SystemRegistry.Create(System);
        using var dataset = DatasetGenerator.Generate(system, system.DefaultSettings);
        return dataset.Trajectories;
    }
}
