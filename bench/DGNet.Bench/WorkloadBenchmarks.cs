using BenchmarkDotNet.Attributes;
using DGNet.Benchmarks;
using DGNet.Discrete;
using static TorchSharp.torch;

namespace DGNet.Bench;

/// <summary>
/// The workloads of <c>dgnet bench</c>, set up by the same definitions (<see cref="Workloads"/>), for profiling under
/// BenchmarkDotNet: one run (a training step, a whole rollout, a whole dataset) per invocation, at full scale, with the
/// workload's own thread count. The environment variable DGNET_BENCH_ONLY picks workloads as <c>--only</c> does
/// (default: those <c>dgnet bench</c> runs, without memory-flat-kdv, which takes about 40 minutes).
/// <c>DGNET_BENCH_ONLY=train-dgnet-kdv dotnet run -c Release --project bench/DGNet.Bench -- --filter '*WorkloadBenchmarks*'</c>
/// </summary>
[RunOncePerIteration]
[WarmupCount(2)]
[IterationCount(10)]
public class WorkloadBenchmarks
{
    private IWorkloadRun run = null!;
    private int callerThreads;

    /// <summary>The workloads named in DGNET_BENCH_ONLY, or those that <c>dgnet bench</c> runs by default.</summary>
    public static IEnumerable<string> Names =>
        Workloads.Select(Environment.GetEnvironmentVariable("DGNET_BENCH_ONLY")?.Split(',', StringSplitOptions.TrimEntries)).Select(w => w.Name);

    [ParamsSource(nameof(Names))]
    public string Workload { get; set; } = "matmul-peak";

    [GlobalSetup]
    public void Setup()
    {
        HeapTuning.KeepFreedMemory();
        callerThreads = get_num_threads();
        var workload = Workloads.Find(Workload);
        if (workload.Threads is int threads) set_num_threads(threads);
        run = workload.Prepare(BenchmarkScale.Full);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        run.Dispose();
        set_num_threads(callerThreads);
    }

    [Benchmark]
    public double Run() => run.Run().Units;
}
