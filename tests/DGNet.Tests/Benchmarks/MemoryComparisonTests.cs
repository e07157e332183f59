using System.Text.Json;
using DGNet.Benchmarks;

namespace DGNet.Tests.Benchmarks;

/// <summary>The memory comparison's cases, its in-process measurement on a tiny field, and its table.</summary>
[Collection(DGNet.Tests.Training.SerialCollection.Name)]
public class MemoryComparisonTests
{
    [Fact]
    public void EveryMethodAtEverySizeThenLongerHorizonsAtTheSmallest()
    {
        var cases = MemoryComparison.Cases([128, 32, 64]);
        Assert.Equal(3 * 3 + 2 * MemoryComparison.LongHorizons.Count, cases.Count);
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
        Assert.Equal([32, 32, 32, 64, 64, 64, 128, 128, 128], cases.Take(9).Select(c => c.Grid));
        Assert.All(cases.Skip(9), c => Assert.Equal(32, c.Grid));
        var longer = cases.Where(c => c.Horizon > 1).ToList();
        Assert.All(longer, c => Assert.NotEqual(MemoryMethod.DGNet, c.Method));
        Assert.Contains("memory-ch2d-32-hnn-dopri5-backprop-64dt", longer.Select(c => c.Name));
        Assert.Equal("memory-ch2d-64-dgnet", cases[3].Name);
    }

    [Theory]
    [InlineData(MemoryMethod.DGNet)]
    [InlineData(MemoryMethod.HnnDopri5Backprop)]
    [InlineData(MemoryMethod.HnnDopri5Adjoint)]
    public void OneStepOnATinyFieldReportsItsPeakAboveTheBaselineAndItsSolverWork(MemoryMethod method)
    {
        var row = MemoryComparison.MeasureInProcess(new MemoryCase(8, method, Batch: 2));
        Assert.Null(row.Failure);
        Assert.True(row.StepMs > 0);
        Assert.True(row.BaselineMb > 0);
        Assert.True(row.PeakMb >= row.BaselineMb, $"peak {row.PeakMb} below the baseline {row.BaselineMb}");
        if (method == MemoryMethod.DGNet)
        {
            Assert.Equal(0, row.SolverSteps);
            Assert.Equal(1, row.FieldEvaluations);
        }
        else
        {
            Assert.True(row.SolverSteps >= 1);
            // Dormand-Prince evaluates the field at least six times per step (seven without reuse of the last stage).
            Assert.True(row.FieldEvaluations >= 6 * row.SolverSteps, $"{row.FieldEvaluations} evaluations for {row.SolverSteps} steps");
        }
    }

    [Fact]
    public void ALongerHorizonPairsEachFieldWithItsStateThatManyStepsLater()
    {
        using var single = MemoryComparison.Data(new MemoryCase(8, MemoryMethod.DGNet, Batch: 2, Horizon: 1));
        using var longer = MemoryComparison.Data(new MemoryCase(8, MemoryMethod.DGNet, Batch: 2, Horizon: 3));
        Assert.Equal(2, longer.TimePoints);
        Assert.Equal(3 * MemoryComparison.DataDt, longer.Dt, 15);
        Assert.Equal(2, longer.TrainTrajectories.Length);
        // Same seed, same initial fields; the end states differ as they lie further along.
        Assert.True(single.U.select(1, 0).allclose(longer.U.select(1, 0), rtol: 0, atol: 0));
        Assert.False(single.U.select(1, 1).allclose(longer.U.select(1, 1), rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void TheTableRelatesEachStepToDGNetsAndShowsFailures()
    {
        MemoryComparisonRow[] rows =
        [
            new(new MemoryCase(64, MemoryMethod.DGNet), 120, 200, 300, 0, 0, 1),
            new(new MemoryCase(64, MemoryMethod.HnnDopri5Backprop), 900, 200, 450, 3, 1, 20),
            MemoryComparisonRow.Failed(new MemoryCase(128, MemoryMethod.HnnDopri5Backprop), "stopped: passed the memory cap of 512 MB", 512),
        ];
        var lines = MemoryComparison.ToMarkdown(rows).Split('\n');
        string backprop = Assert.Single(lines, l => l.StartsWith("| 64×64 | HNN++, DP, back-propagation", StringComparison.Ordinal));
        Assert.Contains("| 3 (1) | 20 | 900 | 450 | 250 | 2.5 |", backprop);
        string failed = Assert.Single(lines, l => l.StartsWith("| 128×128 |", StringComparison.Ordinal));
        Assert.Contains("> 512", failed);
        Assert.Contains("memory cap", failed);
        Assert.Equal(rows.Length + 2, lines.Count(l => l.StartsWith('|')));
    }

    [Fact]
    public void RowsSurviveTheJsonBetweenChildAndParent()
    {
        var row = new MemoryComparisonRow(new MemoryCase(32, MemoryMethod.HnnDopri5Adjoint, 3, 8), 12.5, 100.25, 180.5, 4, 1, 31);
        string json = JsonSerializer.Serialize(row, ChildProcessMeasurement.JsonOptions);
        Assert.Contains("\"HnnDopri5Adjoint\"", json);
        Assert.Equal(row, JsonSerializer.Deserialize<MemoryComparisonRow>(json, ChildProcessMeasurement.JsonOptions));

        var result = row.ToBenchmarkResult(threads: 2, load: null);
        Assert.Equal("memory-ch2d-32-hnn-dopri5-adjoint-8dt", result.Name);
        Assert.Equal(80.25, result.Metrics["step_mb"]);
        Assert.Equal(4, result.Metrics["solver_steps"]);
        Assert.Null(result.Gflops);
    }

    [Fact]
    public void UnknownMethodsAndImpossibleSizesAreRefused()
    {
        Assert.Contains("hnn-dopri5-adjoint", Assert.Throws<ArgumentException>(() => MemoryCase.ParseMethod("srnn")).Message);
        Assert.Equal(MemoryMethod.HnnDopri5Backprop, MemoryCase.ParseMethod("hnn-dopri5-backprop"));
        Assert.Contains("--grid", Assert.Throws<ArgumentException>(new MemoryCase(2, MemoryMethod.DGNet).Validate).Message);
        Assert.Contains("--batch", Assert.Throws<ArgumentException>(new MemoryCase(8, MemoryMethod.DGNet, 0).Validate).Message);
    }
}
