using System.Text.Json;
using DGNet.Cli;
using static DGNet.Tests.Cli.CliRunner;

namespace DGNet.Tests.Cli;

/// <summary>Runs <c>dgnet bench</c> in-process on two quick workloads; the times themselves are not checked.</summary>
[Collection(DGNet.Tests.Training.SerialCollection.Name)]
public class BenchCommandTests
{
    [Fact]
    public void QuickRunWritesTheDocumentedJsonAndATable()
    {
        string path = TempFiles.Path("bench.json");
        var (code, output, error) = Run("bench", "--quick", "--only", "matmul-peak,train-dgnet-spring-f32", "--json", path);
        Assert.True(code == 0, error);
        Assert.Contains("| matmul-peak |", output);
        Assert.Contains("| train-dgnet-spring-f32 |", output);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var items = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(["matmul-peak", "train-dgnet-spring-f32"], items.Keys.Order());
        foreach (var item in items.Values)
        {
            Assert.True(item.GetProperty("median_ms").GetDouble() > 0);
            Assert.True(item.GetProperty("peak_mb").GetDouble() > 0);
            Assert.True(item.GetProperty("gflops").GetDouble() > 0);
        }
        Assert.Equal("product", items["matmul-peak"].GetProperty("unit").GetString());
        Assert.Equal("step", items["train-dgnet-spring-f32"].GetProperty("unit").GetString());
        // 2475 pairs, 2 → 200 → 200 → 1: 9 forward passes of 2 · 2475 · (400 + 40000 + 200) FLOPs.
        Assert.Equal(9 * 2.0 * 2475 * 40600 / 1e9, items["train-dgnet-spring-f32"].GetProperty("gflop_per_unit").GetDouble(), 9);
    }

    [Fact]
    public void UnknownWorkloadsAndExistingFilesAreUsageErrors()
    {
        var (code, _, error) = Run("bench", "--only", "train-the-moon");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown workload 'train-the-moon'", error);
        Assert.Single(error.Trim().Split('\n'));

        (code, _, error) = Run("bench", "--only", "memory-ch2d-32", "--memory-cap", "0");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--memory-cap", error);

        string path = TempFiles.Path("exists.json");
        File.WriteAllText(path, "[]");
        (code, _, error) = Run("bench", "--only", "matmul-peak", "--json", path);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--force", error);
        Assert.Equal("[]", File.ReadAllText(path));
    }
}
