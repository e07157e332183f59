using DGNet.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Data;

public class DatasetTests
{
    /// <summary>A small ODE dataset: circles of radius 1..trajectories in the (q, p) plane.</summary>
    private static Dataset Circles(int trajectories = 5, int points = 4, sbyte[]? split = null, bool withExtras = true)
    {
        using var scope = NewDisposeScope();
        var t = arange(points, ScalarType.Float64) * 0.5;
        var r = arange(1, trajectories + 1, ScalarType.Float64).unsqueeze(1);
        var u = stack([r * t.cos(), -r * t.sin()], dim: -1);
        var dudt = stack([-r * t.sin(), -r * t.cos()], dim: -1);
        var energy = (r * r).expand(trajectories, points);
        return withExtras
            ? Dataset.Create(u, 0.5, dudt, energy, split: split, system: "mass-spring", parameters: "{\"k\": 1}")
            : Dataset.Create(u, 0.5, split: split);
    }

    private static void AssertSameTensor(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.data<double>().ToArray(), actual.data<double>().ToArray());
    }

    [Fact]
    public void SaveAndLoadRoundTripEveryArray()
    {
        using var original = Circles(split: [0, 1, 0, 0, 1]);
        string path = TempFiles.Path("circles.npz");
        original.Save(path);
        using var loaded = Dataset.Load(path);

        AssertSameTensor(original.U, loaded.U);
        AssertSameTensor(original.DuDt!, loaded.DuDt!);
        AssertSameTensor(original.Energy!, loaded.Energy!);
        Assert.Equal(0.5, loaded.Dt);
        Assert.Null(loaded.Dx);
        Assert.False(loaded.IsField);
        Assert.Equal("mass-spring", loaded.System);
        Assert.Equal("{\"k\": 1}", loaded.Params);
        Assert.Equal(new sbyte[] { 0, 1, 0, 0, 1 }, loaded.Split);
        Assert.False(loaded.IsDefaultSplit);
        Assert.Equal([0, 2, 3], loaded.TrainTrajectories);
        Assert.Equal([1, 4], loaded.TestTrajectories);
        Assert.Equal([2L], loaded.StateShape);
        Assert.Equal(5, loaded.Trajectories);
        Assert.Equal(4, loaded.TimePoints);
        Assert.Equal(path, loaded.SourcePath);
        Assert.Equal(original.ContentHash, loaded.ContentHash);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), loaded.ContentHash);
    }
}
