using System.Text.Json;
using DGNet.Cli;
using DGNet.Data;
using DGNet.Systems;
using static DGNet.Tests.Cli.CliRunner;

namespace DGNet.Tests.Cli;

/// <summary>Runs <c>dgnet data generate</c> in-process: files written, metadata, and one-line usage errors.</summary>
public class DataGenerateCommandTests
{
    [Fact]
    public void WritesADatasetThatDataInfoShows()
    {
        string path = TempFiles.Path("kdv.npz");
        var (code, output, _) = Run("data", "generate", "kdv", "--out", path, "--trajectories", "3", "--steps", "4",
            "--grid", "16", "--seed", "5", "--test-fraction", "0.34", "--threads", "1");
        Assert.Equal(0, code);
        Assert.StartsWith($"wrote {path}: kdv, 3 trajectories of 5 time points, state [16], dt 0.001 (2 train / 1 test)", output);
        using (var dataset = Dataset.Load(path))
        {
            Assert.Equal([3L, 5L, 16L], dataset.U.shape);
            Assert.Equal(10.0 / 16, dataset.Dx);
            Assert.Equal("kdv", dataset.System);
            using var json = JsonDocument.Parse(dataset.Params!);
            Assert.Equal(5, json.RootElement.GetProperty("seed").GetInt64());
            Assert.Equal(16, json.RootElement.GetProperty("system_parameters").GetProperty("grid").GetInt32());
        }
        var (infoCode, info, _) = Run("data", "info", path);
        Assert.Equal(0, infoCode);
        Assert.Contains("dataset: 3 trajectories of 5 time points, state [16] (1-D field, dx 0.625), dt 0.001", info);
    }

    [Fact]
    public void UsesThePapersDefaultsForWhatIsNotGiven()
    {
        string path = TempFiles.Path("spring.npz");
        var (code, output, _) = Run("data", "generate", "mass-spring", "--out", path, "--trajectories", "4");
        Assert.Equal(0, code);
        Assert.Contains("4 trajectories of 100 time points, state [2], dt 0.20202 (2 train / 2 test), noise 0.1, seed 0", output);
        using var dataset = Dataset.Load(path);
        Assert.Equal(20.0 / 99, dataset.Dt, 15);
    }

    [Fact]
    public void NeverOverwritesWithoutForce()
    {
        string path = TempFiles.Path("ch.npz");
        string[] args = ["data", "generate", "cahn-hilliard", "--out", path, "--trajectories", "2", "--steps", "2", "--grid", "8"];
        Assert.Equal(0, Run(args).Code);
        byte[] before = File.ReadAllBytes(path);
        var (code, _, error) = Run([.. args, "--seed", "1"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"dgnet: --out {path}: the file already exists; pass --force to overwrite it\n", error);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(0, Run([.. args, "--seed", "1", "--force"]).Code);
        Assert.NotEqual(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("--dt", "0", "--dt: must be positive (got 0)")]
    [InlineData("--dt", "-0.1", "--dt: must be positive (got -0.1)")]
    [InlineData("--grid", "2", "--grid: must be at least 3 (got 2)")]
    [InlineData("--trajectories", "0", "--trajectories: must be at least 1 (got 0)")]
    [InlineData("--trajectories", "-5", "--trajectories: must be at least 1 (got -5)")]
    [InlineData("--steps", "0", "--steps: must be at least 1 (got 0)")]
    [InlineData("--test-fraction", "0", "--test-fraction: must lie strictly between 0 and 1 (got 0)")]
    [InlineData("--test-fraction", "1.5", "--test-fraction: must lie strictly between 0 and 1 (got 1.5)")]
    [InlineData("--noise", "-1", "--noise: must be zero or positive (got -1)")]
    public void ImpossibleParametersGiveOneLineAndExitCode2(string option, string value, string message)
    {
        string path = TempFiles.Path("never.npz");
        var (code, output, error) = Run("data", "generate", "kdv", "--out", path, option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        Assert.Equal($"dgnet: {message}\n", error);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AnInitialBoxDrawsEachCoordinateInIt()
    {
        string path = TempFiles.Path("box.npz");
        var (code, _, error) = Run("data", "generate", "pendulum", "--out", path, "--trajectories", "16", "--steps", "3",
            "--noise", "0", "--test-fraction", "0.9375", "--initial-box", "0.2,1");
        Assert.Equal(0, code);
        Assert.DoesNotContain("dgnet:", error);
        using var dataset = Dataset.Load(path);
        Assert.Equal(15, dataset.TestTrajectories.Length);
        using var first = dataset.U.select(1, 0).abs();
        Assert.True(first.min().item<double>() >= 0.2 && first.max().item<double>() <= 1.0);
        Assert.Contains("\"initial_box\":[0.2,1]", dataset.Params);
    }

    [Fact]
    public void TheReferenceSamplerStartsFromTheReferenceCodesStates()
    {
        string path = TempFiles.Path("reference.npz");
        var (code, _, error) = Run("--seed", "1", "data", "generate", "kdv", "--out", path, "--trajectories", "3", "--steps", "2",
            "--sampler", "reference");
        Assert.Equal(0, code);
        Assert.DoesNotContain("dgnet:", error);
        using var dataset = Dataset.Load(path);
        using var expected = new KdV().SampleReferenceInitialStates(3, 1);
        using var first = dataset.U.select(1, 0);
        Assert.True(first.equal(expected).all().item<bool>());
        Assert.Contains("\"sampler\":\"reference\"", dataset.Params);
    }

    [Theory]
    [InlineData("kdv", "numpy", "0", "--sampler: unknown sampler 'numpy' (known: reference, reference-seeds, or none for the system's own)")]
    [InlineData("pendulum", "reference", "0", "--sampler: the reference sampler exists for kdv, 1-D cahn-hilliard and two-body only, not pendulum")]
    [InlineData("cahn-hilliard-2d", "reference", "0", "--sampler: the reference sampler exists for kdv, 1-D cahn-hilliard and two-body only, not cahn-hilliard-2d")]
    [InlineData("kdv", "reference", "-3", "--seed: NumPy's legacy stream takes seeds from 0 to 2^32 - 1 (got -3)")]
    public void ABadSamplerGivesOneLineAndExitCode2(string system, string sampler, string seed, string message)
    {
        string path = TempFiles.Path("never-sampler.npz");
        var (code, output, error) = Run("--seed", seed, "data", "generate", system, "--out", path, "--sampler", sampler);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        Assert.Equal($"dgnet: {message}\n", error);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("mass-spring", "1,0.5", "--initial-box: need 0 <= low < high, both finite (got 1, 0.5)")]
    [InlineData("mass-spring", "0.2", "--initial-box: expected LOW,HIGH such as 0.2,1 (got '0.2')")]
    [InlineData("two-body", "0.2,1", "--initial-box: only for systems with one degree of freedom (state [q, p]), not two-body")]
    public void ABadInitialBoxGivesOneLineAndExitCode2(string system, string value, string message)
    {
        string path = TempFiles.Path("never-box.npz");
        var (code, output, error) = Run("data", "generate", system, "--out", path, "--initial-box", value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        Assert.Equal($"dgnet: {message}\n", error);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void UnknownSystemListsTheKnownOnes()
    {
        var (code, _, error) = Run("data", "generate", "wave", "--out", TempFiles.Path("w.npz"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"dgnet: unknown system 'wave' (known: {string.Join(", ", SystemRegistry.Names)})\n", error);
    }

    [Fact]
    public void GridIsRefusedForOdeSystems()
    {
        var (code, _, error) = Run("data", "generate", "pendulum", "--grid", "10", "--out", TempFiles.Path("p.npz"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("has no grid", error);
    }

    [Fact]
    public void ASolverFailureNamesTheStepAndTrajectoryAndExitsWith1()
    {
        string path = TempFiles.Path("fail.npz");
        var (code, _, error) = Run("data", "generate", "kdv", "--out", path, "--trajectories", "2", "--steps", "3", "--dt", "0.5");
        Assert.Equal(ExitCodes.Failure, code);
        // A slow machine may show a progress line first (standard error is not a terminal here); the error is one line, the last.
        var lines = error.TrimEnd('\n').Split('\n');
        Assert.Single(lines, line => line.StartsWith("dgnet:", StringComparison.Ordinal));
        Assert.Matches(@"^dgnet: step \d, trajectory \d[^:]*: kdv at t = [0-9.]+ \(of 3 steps\): Newton .*; try a smaller dt", lines[^1]);
        Assert.False(File.Exists(path));
    }
}
