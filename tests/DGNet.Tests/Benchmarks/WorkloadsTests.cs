using DGNet.Benchmarks;

namespace DGNet.Tests.Benchmarks;

public class WorkloadsTests
{
    [Fact]
    public void TheIssuesWorkloadNamesAreAllThere()
    {
        string[] required =
        [
            "matmul-peak", "train-dgnet-kdv", "train-dgnet-spring-f32", "train-dgnet-spring-f64", "train-dgnet-ch2d-64",
            "train-hnn-rk2-spring", "train-hnn-dopri5-spring", "train-hnn-rk2-kdv", "train-hnn-dopri5-kdv",
            "predict-eq6-spring", "predict-eq6-kdv", "predict-eq6-kdv-fd", "predict-eq6-kdv-fd-reused", "predict-dopri5-spring", "predict-dopri5-kdv",
            "generate-kdv", "generate-cahn-hilliard", "memory-flat-kdv",
        ];
        Assert.Empty(required.Except(Workloads.Names));
        Assert.Equal(Workloads.Names.Count, Workloads.Names.Distinct().Count());
        Assert.Equal("matmul-peak", Workloads.Names[0]);
        Assert.All(Workloads.All, w => Assert.Contains(w.Unit, new[] { "step", "trajectory-step", "dataset", "product" }));
    }

    [Fact]
    public void TheDefaultSelectionLeavesOutTheLongMemoryRun()
    {
        var all = Workloads.Select(null);
        Assert.DoesNotContain(all, w => w.Name == "memory-flat-kdv");
        Assert.Contains(all, w => w.Name == "memory-trend-kdv");
        var quick = Workloads.Select(null, BenchmarkScale.Quick);
        Assert.DoesNotContain(quick, w => w.Name.StartsWith("memory-", StringComparison.Ordinal));
        Assert.Equal(all.Count - 1, quick.Count);
        Assert.Single(Workloads.Select(["memory-trend-kdv"], BenchmarkScale.Quick));
        Assert.Equal(["memory-flat-kdv"], Workloads.Select(["memory-flat-kdv"]).Select(w => w.Name));
    }

    [Fact]
    public void ASelectionRunsInCatalogueOrderOnceEach()
    {
        var chosen = Workloads.Select(["train-dgnet-spring-f32", "MATMUL-PEAK", "train-dgnet-spring-f32"]);
        Assert.Equal(["matmul-peak", "train-dgnet-spring-f32"], chosen.Select(w => w.Name));
        var error = Assert.Throws<ArgumentException>(() => Workloads.Select(["train-dgnet-moon"]));
        Assert.Contains("train-dgnet-moon", error.Message);
        Assert.Contains("matmul-peak", error.Message);
    }

    [Fact]
    public void TheMemoryComparisonRunsInAFullBenchOrWhenNamed()
    {
        Assert.Equal([32, 64, 128], Workloads.SelectMemoryGrids(null, BenchmarkScale.Full));
        Assert.Empty(Workloads.SelectMemoryGrids(null, BenchmarkScale.Quick));
        Assert.Equal([64], Workloads.SelectMemoryGrids(["memory-ch2d-64", "matmul-peak"], BenchmarkScale.Quick));
        Assert.Equal([32, 64, 128], Workloads.SelectMemoryGrids(["memory-ch2d"], BenchmarkScale.Full));
        Assert.Empty(Workloads.SelectMemoryGrids(["matmul-peak"], BenchmarkScale.Full));
        Assert.Empty(Workloads.Select(["memory-ch2d-32"]));
        Assert.Throws<ArgumentException>(() => Workloads.SelectMemoryGrids(["memory-ch2d-48"], BenchmarkScale.Full));
    }
}
