using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DGNet.Bench;

/// <summary>
/// Benchmarks of whole training steps (tens to hundreds of milliseconds): one step per measurement, a few warm-up
/// steps, run in the benchmark process itself, whose build output carries the TorchSharp native-library fix (the
/// separate project BenchmarkDotNet would generate does not).
/// </summary>
public sealed class InProcessStepConfig : ManualConfig
{
    public InProcessStepConfig() =>
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithId("step"));
}
