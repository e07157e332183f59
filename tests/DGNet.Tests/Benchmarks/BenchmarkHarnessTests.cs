using DGNet.Benchmarks;
using static TorchSharp.torch;

namespace DGNet.Tests.Benchmarks;

/// <summary>The harness's bookkeeping with a workload that only counts its runs (no timing is asserted).</summary>
[Collection(DGNet.Tests.Training.SerialCollection.Name)]
public class BenchmarkHarnessTests
{
    [Fact]
    public void WarmsUpThenRepeatsAndReportsPerUnit()
    {
        var counter = new CountingRun(units: 4, flop: 8e9);
        var workload = Workload(counter, warmUps: 2, repetitions: 5);
        var result = BenchmarkHarness.Measure(workload, BenchmarkScale.Full);
        Assert.Equal(2 + 5, counter.Runs);
        Assert.True(counter.Disposed);
        Assert.Equal(5, result.Repetitions);
        Assert.Equal("test-work", result.Name);
        Assert.Equal("widget", result.Unit);
        Assert.Equal(2e9, result.FlopPerUnit);
        Assert.InRange(result.MedianMs, result.MinMs, result.MaxMs);
        Assert.True(result.Gflops > 0);
        Assert.True(result.PeakMb > 0);
        Assert.Equal(7.0, result.Metrics["runs"]);
        Assert.Equal("as specified", result.Note);
    }

    [Fact]
    public void QuickScaleCapsWarmUpsAndRepetitionsAndLeavesFlopNullWithoutAnEstimate()
    {
        var counter = new CountingRun(units: 1, flop: null);
        var result = BenchmarkHarness.Measure(Workload(counter, warmUps: 3, repetitions: 10), BenchmarkScale.Quick);
        Assert.Equal(1 + result.Repetitions, counter.Runs);
        Assert.InRange(result.Repetitions, 1, BenchmarkHarness.QuickRepetitions);
        Assert.Null(result.Gflops);
        Assert.Null(result.FlopPerUnit);
    }

    [Fact]
    public void RunsWithTheWorkloadsThreadsAndRestoresTheCallers()
    {
        set_num_threads(2);
        var counter = new CountingRun(units: 1, flop: null);
        var result = BenchmarkHarness.Measure(Workload(counter, warmUps: 0, repetitions: 1) with { Threads = 1 }, BenchmarkScale.Full);
        Assert.Equal(1, counter.ThreadsSeen);
        Assert.Equal(1, result.Threads);
        Assert.Equal(2, get_num_threads());
    }

    [Fact]
    public void ReportsThePageFaultsOfTheMeasuredRunsPerUnit()
    {
        if (!OperatingSystem.IsLinux()) return;
        var run = new PageTouchingRun(bytes: 256L << 20, units: 2);
        var result = BenchmarkHarness.Measure(new Workload
        {
            Name = "touch", Unit = "page", Description = "maps fresh pages", WarmUps = 0, Repetitions = 3,
            Budget = TimeSpan.FromHours(1), Prepare = _ => run,
        }, BenchmarkScale.Full);
        // Each run maps 256 MiB afresh (past the heap's block limit, so it is unmapped again when freed): at least one
        // fault per 2 MiB page, per 2 units.
        Assert.True(result.Metrics["page_faults"] >= 128 / 2.0, $"page faults per unit: {result.Metrics["page_faults"]}");
    }

    private static Workload Workload(CountingRun run, int warmUps, int repetitions) => new()
    {
        Name = "test-work", Unit = "widget", Description = "counts", WarmUps = warmUps, Repetitions = repetitions,
        Budget = TimeSpan.FromHours(1), Prepare = _ => run,
    };

    private sealed class CountingRun(double units, double? flop) : IWorkloadRun
    {
        public int Runs { get; private set; }

        public int ThreadsSeen { get; private set; }

        public bool Disposed { get; private set; }

        public IReadOnlyDictionary<string, double> Metrics => new Dictionary<string, double> { ["runs"] = Runs };

        public string? Note => "as specified";

        public WorkDone Run()
        {
            Runs++;
            ThreadsSeen = get_num_threads();
            Thread.Sleep(1);
            return new WorkDone(units, flop);
        }

        public void Dispose() => Disposed = true;
    }

    private sealed class PageTouchingRun(long bytes, double units) : IWorkloadRun
    {
        public IReadOnlyDictionary<string, double> Metrics { get; } = new Dictionary<string, double>();

        public string? Note => null;

        public WorkDone Run()
        {
            using (var block = ones(bytes / 8, dtype: ScalarType.Float64)) { }
            return new WorkDone(units);
        }

        public void Dispose() { }
    }
}
