using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DGNet.Bench.Systems;

/// <summary>
/// Jobs that run inside the benchmark process, which loads the TorchSharp native library patched by the build
/// (the separate project BenchmarkDotNet would generate gets the unpatched one, which does not load on Debian 12).
/// </summary>
public static class InProcessJobs
{
    /// <summary>Few, long iterations for work that takes seconds (a whole dataset).</summary>
    public sealed class Long : ManualConfig
    {
        public Long() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3));
    }

    /// <summary>BenchmarkDotNet's usual statistics for work of milliseconds.</summary>
    public sealed class Short : ManualConfig
    {
        public Short() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
