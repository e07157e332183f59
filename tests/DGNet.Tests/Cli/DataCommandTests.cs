using DGNet.Cli;
using DGNet.Data;
using DGNet.Tests.Data;
using static DGNet.Tests.Cli.CliRunner;

namespace DGNet.Tests.Cli;

/// <summary>Runs the real <c>dgnet data</c> commands in-process and checks exit codes, output and error lines.</summary>
public class DataCommandTests
{
    /// <summary>Bad inputs: each gives its exit code and one line on stderr that names the file and the problem.</summary>
    public static TheoryData<string, int, string> BadInputs() => new()
    {
        { "missing", 1, "{0}: file not found" },
        { "folder", 1, "{0}: is a folder, not a file" },
        { "empty", 1, "{0}: the file is empty, not an .npz archive" },
        { "not-zip", 1, "{0}: not a valid .npz (zip) archive or damaged" },
        { "truncated", 1, "{0}: not a valid .npz (zip) archive or damaged" },
        { "plain-npy", 1, "{0}: is a single .npy array, not an .npz archive" },
        { "big-endian", 1, "{0}: array 'a': big-endian dtype '>f8' is not supported" },
        { "complex", 1, "{0}: array 'a': unsupported dtype '<c16'" },
        { "object", 1, "{0}: array 'a': object arrays are not supported" },
        { "truncated-data", 1, "{0}: array 'x': data is truncated: shape [1000] needs 8000 bytes, 80 present" },
    };

    private static string MakeBadInput(string kind)
    {
        string path = TempFiles.Path(kind + ".npz");
        switch (kind)
        {
            case "missing": break;
            case "folder": Directory.CreateDirectory(path); break;
            case "empty": File.WriteAllBytes(path, []); break;
            case "not-zip": File.WriteAllText(path, "u,dt\n1,2\n"); break;
            case "truncated":
                byte[] bytes = File.ReadAllBytes(NpzFixtures.PathOf("supported_compressed.npz"));
                File.WriteAllBytes(path, bytes[..(bytes.Length - 30)]);
                break;
            case "plain-npy": File.Copy(NpzFixtures.PathOf("v1.npy"), path); break;
            case "big-endian": File.Copy(NpzFixtures.PathOf("unsupported_bigendian.npz"), path); break;
            case "complex": File.Copy(NpzFixtures.PathOf("unsupported_complex.npz"), path); break;
            case "object": File.Copy(NpzFixtures.PathOf("unsupported_object.npz"), path); break;
            case "truncated-data":
                using (var file = File.Create(path))
                using (var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create))
                using (var member = zip.CreateEntry("x.npy").Open())
                    member.Write(NpyTests.NpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000,)}", new byte[80]));
                break;
        }
        return path;
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void InfoOnBadInputPrintsOneLineAndFails(string kind, int expectedCode, string expectedMessage)
    {
        string path = MakeBadInput(kind);
        var (code, output, error) = Run("data", "info", path);
        Assert.Equal(expectedCode, code);
        Assert.Equal("", output);
        Assert.StartsWith("dgnet: " + string.Format(expectedMessage, path), error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData(new[] { "data", "info" }, "Required argument missing")]
    [InlineData(new[] { "data", "info", "a.npz", "b.npz" }, "Unrecognized command or argument 'b.npz'")]
    [InlineData(new[] { "data", "import-lipson", "x.txt" }, "Option '--out' is required")]
    [InlineData(new[] { "data", "import-lipson", "x.txt", "--out", "y.npz", "--segments", "two" }, "two")]
    [InlineData(new[] { "data", "nonsense" }, "nonsense")]
    public void UsageErrorsExitWith2(string[] args, string message)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void InfoListsArraysAndSummarisesADataset()
    {
        string path = NpzFixtures.PathOf("dataset_numpy.npz");
        var (code, output, error) = Run("data", "info", path);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal($"{path}: 5 arrays", lines[0]);
        Assert.Matches(@"^  u +float64 +\[3, 4, 2\] +min -2\.99248  max 3  all finite$", lines[2]);
        Assert.Matches(@"^  dt +float64 +\[\] +0\.5$", lines[3]);
        Assert.Matches(@"^  split +int8 +\[3\] +min 0  max 1$", lines[4]);
        Assert.Matches(@"^  system +<U11 +\[\] +""mass-spring""$", lines[5]);
        Assert.Equal("dataset: 3 trajectories of 4 time points, state [2] (ODE state), dt 0.5, " +
                     "split 2 train / 1 test (from the file), system mass-spring", lines[^1]);
    }

    [Fact]
    public void InfoReportsNonFiniteValuesAndWhyAFileIsNoDataset()
    {
        string path = TempFiles.Path("nan.npz");
        Npz.Write(path, new Dictionary<string, NpyArray>
        {
            ["u"] = new NpyArray(new[] { 1.0, double.NaN, double.PositiveInfinity, -2.0, 0, 0, 0, 0 }, 2, 2, 2),
            ["dt"] = NpyArray.Scalar(0.1),
        });
        var (code, output, _) = Run("data", "info", path);
        Assert.Equal(0, code);
        Assert.Contains("min -2  max 1  NaN: 1  infinite: 1", output);
        Assert.EndsWith("not a dataset: array 'u': holds NaN at index [0, 0, 1] (trajectory 0, time point 0); all values must be finite\n", output);
    }

    [Fact]
    public void InfoShowsASingleTrajectoryFileAndWarnsThatItCannotTrain()
    {
        string path = TempFiles.Path("single.npz");
        Npz.Write(path, new Dictionary<string, NpyArray>
        {
            ["u"] = new NpyArray(new double[50 * 3], 1, 3, 50),
            ["dt"] = NpyArray.Scalar(0.001),
            ["dx"] = NpyArray.Scalar(0.2),
        });
        var (code, output, _) = Run("data", "info", path);
        Assert.Equal(0, code);
        Assert.EndsWith("dataset: 1 trajectory of 3 time points, state [50] (1-D field, dx 0.2), dt 0.001, " +
                        "split 0 train / 1 test (default: last 20%), system (not named); training needs both train and test trajectories\n", output);
    }

    [Fact]
    public void ImportLipsonWritesADatasetAndNeverOverwritesWithoutForce()
    {
        string input = LipsonPendulumTests.WriteFile([31]);
        string output = Path.Combine(Path.GetDirectoryName(input)!, "real.npz");

        var (code, stdout, stderr) = Run("data", "import-lipson", input, "--out", output);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal($"wrote {output}: 5 trajectories of 7 time points (4 train / 1 test), dt 0.166667\n", stdout);
        using (var d = Dataset.Load(output))
        {
            Assert.Equal("real-pendulum", d.System);
            Assert.Equal([5L, 7L, 2L], d.U.shape);
        }

        byte[] before = File.ReadAllBytes(output);
        (code, _, stderr) = Run("data", "import-lipson", input, "--out", output, "--segments", "3");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"dgnet: --out {output}: the file already exists; pass --force to overwrite it\n", stderr);
        Assert.Equal(before, File.ReadAllBytes(output));

        (code, _, _) = Run("data", "import-lipson", input, "--out", output, "--segments", "3", "--force");
        Assert.Equal(0, code);
        using (var d = Dataset.Load(output)) Assert.Equal(3, d.Trajectories);
    }

    [Fact]
    public void ImportLipsonReportsBadInput()
    {
        string folder = TempFiles.Folder();
        string output = Path.Combine(folder, "out.npz");

        var (code, _, error) = Run("data", "import-lipson", Path.Combine(folder, "none.txt"), "--out", output);
        Assert.Equal((1, $"dgnet: {Path.Combine(folder, "none.txt")}: file not found\n"), (code, error));

        string jumpy = LipsonPendulumTests.WriteFile([12], rowText: (_, i) => FormattableString.Invariant($"1 {(i < 6 ? i : i + 1) * 0.1} 0 0\n"));
        (code, _, error) = Run("data", "import-lipson", jumpy, "--out", output);
        Assert.Equal(1, code);
        Assert.StartsWith($"dgnet: {jumpy}: line 8: time step 0.2 differs from the typical (median) step 0.1", error);

        (code, _, error) = Run("data", "import-lipson", jumpy, "--out", output, "--segments", "1");
        Assert.Equal((2, "dgnet: --segments: must be at least 2 (one train, one test), got 1\n"), (code, error));

        string elsewhere = Path.Combine(folder, "missing-folder", "out.npz");
        (code, _, error) = Run("data", "import-lipson", jumpy, "--out", elsewhere);
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error);
        Assert.False(File.Exists(output));
    }
}
