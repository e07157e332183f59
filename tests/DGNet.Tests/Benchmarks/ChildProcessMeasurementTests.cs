using DGNet.Benchmarks;

namespace DGNet.Tests.Benchmarks;

/// <summary>Memory-comparison cases run in a real dgnet child process (the CLI assembly beside the tests).</summary>
public class ChildProcessMeasurementTests
{
    private static readonly string CliAssembly = Path.Combine(AppContext.BaseDirectory, "DGNet.Cli.dll");

    [Fact]
    public void AChildMeasuresOneCaseAndReportsItsRow()
    {
        var measurement = new ChildProcessMeasurement("dotnet", [CliAssembly, "--threads", "1"], 8L << 30);
        var c = new MemoryCase(8, MemoryMethod.DGNet, Batch: 1);
        var row = measurement.Measure(c);
        Assert.True(row.Failure is null, row.Failure);
        Assert.Equal(c, row.Case);
        Assert.True(row.PeakMb >= row.BaselineMb && row.BaselineMb > 0);
        Assert.Equal(1, row.FieldEvaluations);
    }

    [Fact]
    public void AChildAboveTheCapIsStoppedAndReportedAsSuch()
    {
        var measurement = new ChildProcessMeasurement("dotnet", [CliAssembly], 1L << 20);
        var row = measurement.Measure(new MemoryCase(8, MemoryMethod.HnnDopri5Backprop, Batch: 1));
        Assert.Contains("memory cap of 1 MB", row.Failure);
        Assert.Null(row.StepMs);
    }

    [Fact]
    public void AFailingChildGivesItsErrorLine()
    {
        var measurement = new ChildProcessMeasurement("dotnet", [CliAssembly, "--threads", "0"], 8L << 30);
        var row = measurement.Measure(new MemoryCase(8, MemoryMethod.DGNet, Batch: 1));
        Assert.Contains("code 2", row.Failure);
        Assert.Contains("--threads", row.Failure);
    }
}
