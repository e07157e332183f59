using DGNet.Cli;
using DGNet.Data;

namespace DGNet.Tests.Cli;

/// <summary>
/// Runs <c>dgnet train</c>, <c>predict</c> and <c>eval</c> on every kind of broken dataset file: each gives exit code 1
/// and one line on stderr naming the file and the problem, before any work starts and without writing anything.
/// </summary>
public class BadDataFileTests(ModelCommandsFixture files) : IClassFixture<ModelCommandsFixture>
{
    /// <summary>A valid mass-spring-like dataset: 3 trajectories of 4 time points, states [2].</summary>
    private static Dictionary<string, NpyArray> Valid() => new()
    {
        ["u"] = new NpyArray(Enumerable.Range(0, 24).Select(i => Math.Sin(i)).ToArray(), 3, 4, 2),
        ["dt"] = NpyArray.Scalar(0.1),
        ["split"] = new NpyArray(new sbyte[] { 0, 0, 1 }, 3),
    };

    private static Dictionary<string, NpyArray> With(string name, NpyArray? array)
    {
        var arrays = Valid();
        if (array is null) arrays.Remove(name);
        else arrays[name] = array;
        return arrays;
    }

    /// <summary>Each broken file, by name, with the start of the problem the one-line error states after "dgnet: FILE: ".</summary>
    public static TheoryData<string, string> BrokenFiles() => new()
    {
        { "folder", "is a folder, not a file" },
        { "empty", "the file is empty, not an .npz archive" },
        { "not-zip", "not a valid .npz (zip) archive or damaged" },
        { "truncated", "not a valid .npz (zip) archive or damaged" },
        { "u-missing", "missing the required array 'u'" },
        { "dt-missing", "missing the required array 'dt'" },
        { "u-int32", "array 'u': must be float64, found int32" },
        { "u-rank-2", "array 'u': must have shape [trajectories, time points, *state], found [3, 8]" },
        { "one-time-point", "array 'u': needs at least 2 time points, found 1" },
        { "u-nan", "array 'u': holds NaN at index [1, 2, 1] (trajectory 1, time point 2); all values must be finite" },
        { "u-infinity", "array 'u': holds Infinity at index [0, 0, 0] (trajectory 0, time point 0); all values must be finite" },
        { "dt-zero", "array 'dt': must be a positive finite number, found 0" },
        { "dt-negative", "array 'dt': must be a positive finite number, found -0.1" },
        { "dudt-shape", "array 'dudt': shape [3, 2, 2] differs from u's shape [3, 4, 2]" },
        { "energy-shape", "array 'energy': shape [3] must be [trajectories, time points] = [3, 4]" },
        { "no-train", "array 'split': leaves no train trajectories (every value is 1); training needs both" },
        { "no-test", "array 'split': leaves no test trajectories (every value is 0)" },
    };

    private static string Make(string kind)
    {
        string path = TempFiles.Path(kind + ".npz");
        double[] values = Enumerable.Range(0, 24).Select(i => Math.Sin(i)).ToArray();
        Dictionary<string, NpyArray>? arrays = kind switch
        {
            "u-missing" => With("u", null),
            "dt-missing" => With("dt", null),
            "u-int32" => With("u", new NpyArray(new int[24], 3, 4, 2)),
            "u-rank-2" => With("u", new NpyArray(values, 3, 8)),
            "one-time-point" => With("u", new NpyArray(values[..6], 3, 1, 2)),
            "u-nan" => With("u", new NpyArray(values.Select((v, i) => i == 13 ? double.NaN : v).ToArray(), 3, 4, 2)),
            "u-infinity" => With("u", new NpyArray(values.Select((v, i) => i == 0 ? double.PositiveInfinity : v).ToArray(), 3, 4, 2)),
            "dt-zero" => With("dt", NpyArray.Scalar(0.0)),
            "dt-negative" => With("dt", NpyArray.Scalar(-0.1)),
            "dudt-shape" => With("dudt", new NpyArray(new double[12], 3, 2, 2)),
            "energy-shape" => With("energy", new NpyArray(new double[3], 3)),
            "no-train" => With("split", new NpyArray(new sbyte[] { 1, 1, 1 }, 3)),
            "no-test" => With("split", new NpyArray(new sbyte[] { 0, 0, 0 }, 3)),
            _ => null,
        };
        if (arrays is not null)
        {
            Npz.Write(path, arrays);
            return path;
        }
        switch (kind)
        {
            case "folder": Directory.CreateDirectory(path); break;
            case "empty": File.WriteAllBytes(path, []); break;
            case "not-zip": File.WriteAllText(path, "trial t theta omega\n1 0 0.1 0\n"); break;
            case "truncated":
                Npz.Write(path, Valid(), compress: true);
                byte[] bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
        return path;
    }

    private static void AssertRejected(int expectedCode, string expectedStart, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DgnetApp.Run([.. args, "--threads", "1"], stdout, stderr);
        Assert.Equal(expectedCode, code);
        Assert.Equal("", stdout.ToString());
        string error = stderr.ToString();
        Assert.StartsWith($"dgnet: {expectedStart}", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void TrainRejectsTheFileBeforeWritingTheRun(string kind, string problem)
    {
        string data = Make(kind);
        string run = Path.Combine(TempFiles.Folder(), "run");
        AssertRejected(ExitCodes.Failure, $"{data}: {problem}", "train", "--data", data, "--model", "dgnet", "--out", run);
        Assert.False(Directory.Exists(run));
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void PredictAndEvalRejectTheFile(string kind, string problem)
    {
        // Prediction and evaluation need no train trajectories; a file without them is valid there.
        if (kind == "no-train") return;
        string data = Make(kind);
        string prediction = Path.Combine(TempFiles.Folder(), "pred.npz");
        bool noTest = kind == "no-test";
        AssertRejected(noTest ? ExitCodes.Usage : ExitCodes.Failure,
            noTest ? $"--split test: {data} has no test trajectories" : $"{data}: {problem}",
            "predict", "--run", files.DgNetRun, "--data", data, "--out", prediction);
        Assert.False(File.Exists(prediction));
        AssertRejected(ExitCodes.Failure, noTest ? $"{data}: has no test trajectories to evaluate on" : $"{data}: {problem}",
            "eval", "--run", files.DgNetRun, "--data", data);
    }
}
