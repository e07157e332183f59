using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DGNet.Bench;

/// <summary>
/// BenchmarkDotNet's short run (3 warm-ups, 3 iterations), executed inside this process. The default toolchain
/// builds a separate copy of the program in which TorchSharp's native libraries are not found, so every suite
/// here runs in process.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly)]
public sealed class InProcessShortRunJobAttribute()
    : JobConfigBaseAttribute(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
