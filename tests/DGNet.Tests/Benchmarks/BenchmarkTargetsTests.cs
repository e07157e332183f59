using DGNet.Benchmarks;

namespace DGNet.Tests.Benchmarks;

public class BenchmarkTargetsTests
{
    private static BenchmarkResult Result(string name, double medianMs, double? peakMb = null, string? note = null,
        Dictionary<string, double>? metrics = null) =>
        new(name, "step", medianMs, medianMs, medianMs, 3, null, null, peakMb, 2, null, note, 0, metrics ?? []);

    [Fact]
    public void EachTargetIsJudgedFromItsWorkloads()
    {
        var checks = BenchmarkTargets.Check(
        [
            Result("train-dgnet-kdv", 240),
            Result("train-dgnet-spring-f32", 41),
            Result("predict-eq6-kdv", 0.5),
            Result("predict-eq6-kdv-fd", 4.5),
            Result("train-dgnet-ch2d-64", 900, peakMb: 1900),
            Result("memory-flat-kdv", 250, metrics: new() { ["steps"] = 10000, ["steps_early"] = 1000, ["growth_percent"] = 3.2 }),
        ]);
        var met = checks.ToDictionary(c => c.Target.Split(' ')[0], c => c.Met);
        Assert.True(met["train-dgnet-kdv"]);
        Assert.False(met["train-dgnet-spring-f32"]);
        Assert.False(met["predict-eq6-kdv"]);
        Assert.Equal("9.0×", checks.Single(c => c.Target.StartsWith("predict-eq6-kdv", StringComparison.Ordinal)).Measured);
        Assert.True(met["train-dgnet-ch2d-64"]);
        Assert.True(met["memory-flat-kdv:"]);
        Assert.DoesNotContain(checks, c => c.Target.StartsWith("generate-kdv", StringComparison.Ordinal));
    }

    [Fact]
    public void ShortenedDatasetGenerationIsNotJudged()
    {
        Assert.Empty(BenchmarkTargets.Check([Result("generate-kdv", 1000, note: "shortened: 50 of 500 steps")]));
        var check = Assert.Single(BenchmarkTargets.Check([Result("generate-kdv", 31_000)]));
        Assert.False(check.Met);
        Assert.Equal("", BenchmarkTargets.ToMarkdown([]));
        Assert.Contains("| no |", BenchmarkTargets.ToMarkdown([check]));
    }
}
