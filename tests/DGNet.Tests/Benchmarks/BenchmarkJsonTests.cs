using System.Text.Json;
using DGNet.Benchmarks;

namespace DGNet.Tests.Benchmarks;

public class BenchmarkJsonTests
{
    [Fact]
    public void WritesOneObjectPerWorkloadWithTheDocumentedFields()
    {
        BenchmarkResult[] results =
        [
            new("matmul-peak", "product", 40, 39, 45, 5, 2.147e9, 53.7, 250.5, 2, 0.4, null, 0.1, new Dictionary<string, double>()),
            new("predict-eq6-kdv", "trajectory-step", 0.25, 0.2, 0.3, 3, null, null, 300, 1, 1.5, "shortened: 50 of 500 steps", 2.5,
                new Dictionary<string, double> { ["newton_iterations"] = 1.25 }),
        ];
        using var json = JsonDocument.Parse(BenchmarkJson.Serialize(results));
        var items = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);

        var peak = items[0];
        Assert.Equal("matmul-peak", peak.GetProperty("name").GetString());
        Assert.Equal(40, peak.GetProperty("median_ms").GetDouble());
        Assert.Equal("product", peak.GetProperty("unit").GetString());
        Assert.Equal(53.7, peak.GetProperty("gflops").GetDouble());
        Assert.Equal(250.5, peak.GetProperty("peak_mb").GetDouble());
        Assert.Equal(2.147, peak.GetProperty("gflop_per_unit").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, peak.GetProperty("note").ValueKind);

        var predict = items[1];
        Assert.Equal("predict-eq6-kdv", predict.GetProperty("name").GetString());
        Assert.Equal("trajectory-step", predict.GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.Null, predict.GetProperty("gflops").ValueKind);
        Assert.Equal(JsonValueKind.Null, predict.GetProperty("gflop_per_unit").ValueKind);
        Assert.Equal(1.25, predict.GetProperty("newton_iterations").GetDouble());
        Assert.Equal("shortened: 50 of 500 steps", predict.GetProperty("note").GetString());
        Assert.Equal(3, predict.GetProperty("repetitions").GetInt32());
        Assert.Equal(1, predict.GetProperty("threads").GetInt32());
    }
}
