using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DGNet.Bench;

/// <summary>
/// Runs the BenchmarkDotNet suites of this assembly: <c>dotnet run -c Release --project bench/DGNet.Bench -- --filter '*'</c>.
/// Every suite runs inside this process with BenchmarkDotNet's short-run job (one launch, 3 warm-ups, 3 iterations):
/// the separate project BenchmarkDotNet would otherwise generate gets TorchSharp's unpatched native library, which does
/// not load on Debian 12. Suites of whole training steps or rollouts adjust the job with attributes
/// ([RunOncePerIteration], [WarmupCount], [IterationCount]); none declares a job of its own.
/// </summary>
public static class Program
{
    /// <summary>The configuration of every suite: the short-run job, in process.</summary>
    public static IConfig Config { get; } =
        DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());

    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, Config);
}
