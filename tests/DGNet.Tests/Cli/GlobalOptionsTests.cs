using DGNet.Cli;
using static DGNet.Tests.Cli.CliRunner;

namespace DGNet.Tests.Cli;

/// <summary>The global options and the root command: bad values give one line and their exit code before any work.</summary>
public class GlobalOptionsTests
{
    [Theory]
    [InlineData("--device cuda", ExitCodes.Failure, "dgnet: --device cuda: no CUDA-enabled libtorch is loaded")]
    [InlineData("--device gpu", ExitCodes.Usage, "dgnet: --device: unknown device 'gpu' (known: cpu, cuda)")]
    [InlineData("--dtype float16", ExitCodes.Usage, "dgnet: --dtype: unknown type 'float16' (known: float64, float32)")]
    [InlineData("--threads 0", ExitCodes.Usage, "dgnet: --threads: must be at least 1 (got 0)")]
    public void BadGlobalOptionsStopBeforeAnyWork(string option, int expectedCode, string expectedStart)
    {
        string output = TempFiles.Path("data.npz");
        var (code, stdout, stderr) = Run(["data", "generate", "mass-spring", "--out", output, .. option.Split(' ')]);
        Assert.Equal(expectedCode, code);
        Assert.Equal("", stdout);
        Assert.StartsWith(expectedStart, stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void VersionAndHelpSucceed()
    {
        var (code, stdout, _) = Run("--version");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout);

        (code, stdout, _) = Run("--help");
        Assert.Equal(ExitCodes.Success, code);
        foreach (string command in new[] { "data", "train", "predict", "eval", "inspect", "reproduce", "bench" })
            Assert.Contains(command, stdout);
        foreach (string option in new[] { "--threads", "--device", "--dtype", "--seed" })
            Assert.Contains(option, stdout);
    }
}
