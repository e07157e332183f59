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

    /// <summary>The arrays of a valid 3-trajectory ODE dataset, to break one rule at a time.</summary>
    private static Dictionary<string, NpyArray> ValidArrays() => new()
    {
        ["u"] = new NpyArray(Enumerable.Range(0, 3 * 4 * 2).Select(i => i * 0.5).ToArray(), 3, 4, 2),
        ["dt"] = NpyArray.Scalar(0.1),
        ["dudt"] = new NpyArray(new double[3 * 4 * 2], 3, 4, 2),
        ["energy"] = new NpyArray(new double[3 * 4], 3, 4),
        ["split"] = new NpyArray(new sbyte[] { 0, 0, 1 }, 3),
        ["system"] = NpyArray.Scalar("mass-spring"),
        ["params"] = NpyArray.Scalar("{\"k\": 1}"),
    };

    private static string SaveArrays(Dictionary<string, NpyArray> arrays)
    {
        string path = TempFiles.Path("dataset.npz");
        Npz.Write(path, arrays);
        return path;
    }

    private static string LoadError(Dictionary<string, NpyArray> arrays, bool requireTrainAndTest = true)
    {
        string path = SaveArrays(arrays);
        var e = Assert.Throws<DataFileException>(() => Dataset.Load(path, requireTrainAndTest));
        Assert.StartsWith($"{path}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e.Problem;
    }

    private static Dictionary<string, NpyArray> With(string name, NpyArray? array)
    {
        var arrays = ValidArrays();
        if (array is null) arrays.Remove(name);
        else arrays[name] = array;
        return arrays;
    }

    [Fact]
    public void TheValidArraysLoad()
    {
        using var d = Dataset.Load(SaveArrays(ValidArrays()));
        Assert.Equal(3, d.Trajectories);
        Assert.Equal(0.1, d.Dt);
    }

    public static TheoryData<string, NpyArray?, string> BrokenRules() => new()
    {
        { "u", null, "missing the required array 'u'" },
        { "dt", null, "missing the required array 'dt'" },
        { "u", new NpyArray(new int[24], 3, 4, 2), "array 'u': must be float64, found int32" },
        { "u", new NpyArray(new double[12], 3, 4), "array 'u': must have shape [trajectories, time points, *state], found [3, 4]" },
        { "u", new NpyArray(new double[24], 3, 4, 2, 1), "array 'u': shape [3, 4, 2, 1] has 2 state axes; a state with more than one axis is a field on a grid and needs 'dx'" },
        { "u", new NpyArray(new double[6], 3, 1, 2), "array 'u': needs at least 2 time points, found 1" },
        { "u", new NpyArray(new double[0], 0, 4, 2), "array 'u': has no trajectories" },
        { "u", new NpyArray(new double[0], 3, 4, 0), "array 'u': has an empty state" },
        { "u", new NpyArray(Enumerable.Range(0, 24).Select(i => i == 13 ? double.NaN : i).ToArray(), 3, 4, 2), "array 'u': holds NaN at index [1, 2, 1] (trajectory 1, time point 2); all values must be finite" },
        { "u", new NpyArray(Enumerable.Range(0, 24).Select(i => i == 23 ? double.NegativeInfinity : i).ToArray(), 3, 4, 2), "array 'u': holds -Infinity at index [2, 3, 1]" },
        { "dt", new NpyArray(new[] { 0.1 }, 1), "array 'dt': must be a scalar (shape []), found shape [1]" },
        { "dt", NpyArray.Scalar(0.0), "array 'dt': must be a positive finite number, found 0" },
        { "dt", NpyArray.Scalar(-0.5), "array 'dt': must be a positive finite number, found -0.5" },
        { "dt", NpyArray.Scalar(double.PositiveInfinity), "array 'dt': must be a positive finite number" },
        { "dt", NpyArray.Scalar("0.1"), "array 'dt': must be float64, found <U3" },
        { "dx", NpyArray.Scalar(0.0), "array 'dx': must be a positive finite number, found 0" },
        { "dudt", new NpyArray(new double[12], 3, 2, 2), "array 'dudt': shape [3, 2, 2] differs from u's shape [3, 4, 2]" },
        { "dudt", new NpyArray(Enumerable.Repeat(double.NaN, 24).ToArray(), 3, 4, 2), "array 'dudt': holds NaN at index [0, 0, 0]" },
        { "energy", new NpyArray(new double[3], 3), "array 'energy': shape [3] must be [trajectories, time points] = [3, 4]" },
        { "energy", new NpyArray(new[] { 1, 1, 1, 1, 1, 1, 1, double.PositiveInfinity, 1, 1, 1, 1 }, 3, 4), "array 'energy': holds Infinity at index [1, 3] (trajectory 1, time point 3)" },
        { "split", new NpyArray(new sbyte[] { 0, 2, 1 }, 3), "array 'split': value 2 at trajectory 1; only 0 (train) and 1 (test) are allowed" },
        { "split", new NpyArray(new long[] { 0, -1, 1 }, 3), "array 'split': value -1 at trajectory 1" },
        { "split", new NpyArray(new sbyte[] { 0, 1 }, 2), "array 'split': has 2 entries for 3 trajectories" },
        { "split", new NpyArray(new[] { 0.0, 0, 1 }, 3), "array 'split': must be int8 (0 train, 1 test), found float64" },
        { "split", new NpyArray(new sbyte[] { 0, 0, 1 }, 3, 1), "array 'split': must have shape [trajectories], found [3, 1]" },
        { "split", new NpyArray(new sbyte[] { 1, 1, 1 }, 3), "array 'split': leaves no train trajectories (every value is 1); training needs both" },
        { "split", new NpyArray(new sbyte[] { 0, 0, 0 }, 3), "array 'split': leaves no test trajectories (every value is 0)" },
        { "params", NpyArray.Scalar("{k: 1"), "array 'params': is not valid JSON" },
        { "system", new NpyArray(new[] { "a", "b" }, 2), "array 'system': must be a string scalar, found <U1 of shape [2]" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void EveryRuleIsCheckedOnLoad(string name, NpyArray? replacement, string problem)
    {
        Assert.Contains(problem, LoadError(With(name, replacement)));
    }

    [Fact]
    public void FieldsNeedRank3Or4()
    {
        var arrays = With("dx", NpyArray.Scalar(0.2));
        arrays["u"] = new NpyArray(new double[3 * 4 * 2 * 2 * 2], 3, 4, 2, 2, 2);
        arrays.Remove("dudt");
        Assert.Contains("array 'u': a field on a grid (dx present) must be 1-D [trajectories, time points, M] or 2-D [..., My, Mx], found [3, 4, 2, 2, 2]",
            LoadError(arrays));
    }

    [Fact]
    public void TwoDimensionalFieldsRoundTrip()
    {
        using var scope = NewDisposeScope();
        var u = arange(2 * 3 * 4 * 5, ScalarType.Float64).reshape(2, 3, 4, 5) / 7.0;
        using var field = Dataset.Create(u, 1e-4, dx: 0.25, system: "cahn-hilliard-2d");
        string path = TempFiles.Path("field.npz");
        field.Save(path);
        using var loaded = Dataset.Load(path);
        Assert.True(loaded.IsField);
        Assert.Equal(0.25, loaded.Dx);
        Assert.Equal([4L, 5L], loaded.StateShape);
        AssertSameTensor(u, loaded.U);
        Assert.True(loaded.IsDefaultSplit);
        Assert.Equal(new sbyte[] { 0, 1 }, loaded.Split);
    }

    [Fact]
    public void Float32ArraysAreConvertedToFloat64()
    {
        var arrays = ValidArrays();
        arrays["u"] = new NpyArray(Enumerable.Range(0, 24).Select(i => i / 3f).ToArray(), 3, 4, 2);
        arrays["dt"] = new NpyArray(new[] { 0.1f });
        using var d = Dataset.Load(SaveArrays(arrays));
        Assert.Equal(ScalarType.Float64, d.U.dtype);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (double)(i / 3f)), d.U.data<double>().ToArray());
        Assert.Equal((double)0.1f, d.Dt);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(10, 2)]
    [InlineData(11, 3)]
    [InlineData(50, 10)]
    [InlineData(100, 20)]
    public void DefaultSplitPutsTheLastCeil20PercentIntoTest(int trajectories, int test)
    {
        var split = Dataset.DefaultSplit(trajectories);
        Assert.Equal(trajectories - test, split.Count(v => v == 0));
        Assert.All(split[..^test], v => Assert.Equal(0, v));
        Assert.All(split[^test..], v => Assert.Equal(1, v));
    }

    [Fact]
    public void FileWithoutSplitGetsTheDefaultSplit()
    {
        using var d = Dataset.Load(SaveArrays(With("split", null)));
        Assert.True(d.IsDefaultSplit);
        Assert.Equal([0, 1], d.TrainTrajectories);
        Assert.Equal([2], d.TestTrajectories);
    }

    [Fact]
    public void ASingleTrajectoryWithoutSplitCannotTrainButCanBeInspected()
    {
        var arrays = new Dictionary<string, NpyArray>
        {
            ["u"] = new NpyArray(new double[8], 1, 4, 2),
            ["dt"] = NpyArray.Scalar(0.1),
        };
        string problem = LoadError(arrays);
        Assert.Equal("has a single trajectory, but training needs at least one train and one test trajectory: " +
                     "add trajectories (e.g. cut the series into segments) and, if needed, a 'split' array (int8, 0 train, 1 test)", problem);

        using var d = Dataset.Load(SaveArrays(arrays), requireTrainAndTest: false);
        Assert.Equal(new sbyte[] { 1 }, d.Split);
        Assert.Empty(d.TrainTrajectories);
    }

    [Fact]
    public void AnEmptySideCanBeInspected()
    {
        using var d = Dataset.Load(SaveArrays(With("split", new NpyArray(new sbyte[] { 0, 0, 0 }, 3))), requireTrainAndTest: false);
        Assert.Empty(d.TestTrajectories);
    }

    [Fact]
    public void ReadsADatasetWrittenByNumPy()
    {
        string path = NpzFixtures.PathOf("dataset_numpy.npz");
        using var d = Dataset.Load(path);
        Assert.Equal(0.5, d.Dt);
        Assert.Equal("mass-spring", d.System);
        Assert.Equal("{\"radius\": [1, 2, 3]}", d.Params);
        Assert.Equal([0, 1], d.TrainTrajectories);
        Assert.Equal([2], d.TestTrajectories);
        Assert.Equal([3L, 4L, 2L], d.U.shape);
        // u = (r cos t, -r sin t) with r = 1, 2, 3 and t = 0, 0.5, 1, 1.5: check the radius, exact to rounding.
        var radius = d.U.pow(2).sum(-1).sqrt();
        for (int j = 0; j < 3; j++)
            for (int n = 0; n < 4; n++)
                Assert.Equal(j + 1.0, radius[j, n].item<double>(), 1e-14);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), d.ContentHash);
    }

    [Fact]
    public void SelectKeepsTheChosenTrajectoriesAndTheirSplit()
    {
        using var d = Circles(split: [0, 1, 0, 0, 1]);
        using var picked = d.Select([4, 0]);
        Assert.Equal(2, picked.Trajectories);
        AssertSameTensor(d.U[4], picked.U[0]);
        AssertSameTensor(d.U[0], picked.U[1]);
        AssertSameTensor(d.Energy![4], picked.Energy![0]);
        Assert.Equal(new sbyte[] { 1, 0 }, picked.Split);
        Assert.Null(picked.SourcePath);
        Assert.Throws<ArgumentException>(() => d.Select([5]));
        Assert.Throws<ArgumentException>(() => d.Select([]));
    }

    [Fact]
    public void CreateChecksTheSameRules()
    {
        using var scope = NewDisposeScope();
        var u = zeros(3, 4, 2, dtype: ScalarType.Float64);
        Assert.Contains("dt: must be a positive finite number", Assert.Throws<ArgumentException>(() => Dataset.Create(u, -1)).Message);
        Assert.Contains("u: needs at least 2 time points", Assert.Throws<ArgumentException>(() => Dataset.Create(zeros(3, 1, 2, dtype: ScalarType.Float64), 1)).Message);
        Assert.Contains("u: must be float64, found Int32", Assert.Throws<ArgumentException>(() => Dataset.Create(zeros(3, 4, 2, dtype: ScalarType.Int32), 1)).Message);
        Assert.Contains("split: value 3", Assert.Throws<ArgumentException>(() => Dataset.Create(u, 1, split: [0, 3, 1])).Message);
        Assert.Contains("params: is not valid JSON", Assert.Throws<ArgumentException>(() => Dataset.Create(u, 1, parameters: "{")).Message);
    }

    [Fact]
    public void CreatedDatasetsOwnTheirTensors()
    {
        Dataset d;
        using (NewDisposeScope())
        {
            var u = ones(3, 4, 2, dtype: ScalarType.Float32).requires_grad_();
            d = Dataset.Create(u, 0.1);
        }
        using (d)
        {
            Assert.Equal(ScalarType.Float64, d.U.dtype);
            Assert.False(d.U.requires_grad);
            Assert.Equal(24.0, d.U.sum().item<double>());
        }
    }

    [Fact]
    public void SaveRefusesToOverwrite()
    {
        using var d = Circles();
        string path = TempFiles.Path("twice.npz");
        d.Save(path);
        Assert.Throws<IOException>(() => d.Save(path));
        d.Save(path, overwrite: true);
    }
}
