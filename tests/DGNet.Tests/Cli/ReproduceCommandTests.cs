using System.Diagnostics;
using System.Text.RegularExpressions;
using DGNet.Cli;
using DGNet.Tests.Training;
using DGNet.Training;
using static DGNet.Tests.Cli.CliRunner;

namespace DGNet.Tests.Cli;

/// <summary>
/// <c>dgnet reproduce</c>'s bad options end with one line on stderr naming the option and exit code 2 (usage) or 1
/// (a missing file, a foreign output folder), before any work starts; --help states the default output folder and the
/// reuse of finished work; Ctrl-C stops a real <c>dgnet reproduce</c> process after the current training step with a
/// checkpoint and prints the command that resumes it.
/// </summary>
[Collection(SerialCollection.Name)]
public class ReproduceCommandTests
{
    public static TheoryData<string, int, string> BadInputs() => new()
    {
        { "reproduce --suite foo --out {new}", 2, "dgnet: --suite: unknown suite 'foo' (known: pde, ode, all)" },
        { "reproduce --preset foo --out {new}", 2, "dgnet: --preset: unknown preset 'foo' (known: quick, paper)" },
        { "reproduce --seeds x --out {new}", 2, "dgnet: --seeds: 'x' is not a seed or a range such as 0-14 (got 'x')" },
        { "reproduce --seeds 4-1 --out {new}", 2, "dgnet: --seeds: the range '4-1' runs backwards" },
        { "reproduce --seed 3 --out {new}", 2, "dgnet: --seed: reproduce takes a list of seeds: use --seeds (e.g. --seeds 0-4)" },
        { "reproduce --dtype float32 --out {new}", 2, "dgnet: --dtype: the presets fix the dtypes (as in the paper: ODE runs float32, PDE runs float64)" },
        { "reproduce --datasets spring --out {new}", 2, "dgnet: --datasets: the quick preset has no dataset 'spring' (known: kdv, cahn-hilliard, cahn-hilliard-2d, mass-spring, pendulum, two-body, real-pendulum (with --real-pendulum FILE))" },
        { "reproduce --models hnn++ --out {new}", 2, "dgnet: --models: no row of the quick preset trains 'hnn++' (known: node, hnn, dgnet, srnn, node:rk2, node:dp, hnn:rk2, hnn:dp, dgnet:eq6, srnn:leapfrog)" },
        { "reproduce --threads 0 --out {new}", 2, "dgnet: --threads: must be at least 1 (got 0)" },
        { "reproduce --real-pendulum {missing} --out {new}", 1, "dgnet: --real-pendulum {missing}: file not found" },
        { "reproduce --out {foreign}", 1, "dgnet: --out {foreign}: the folder exists and is not the output of dgnet reproduce (no reproduction.json); choose another folder" },
        { "reproduce --out {file}", 1, "dgnet: --out {file}: is a file, not a folder" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputsGiveOneLineAndTheirExitCodeBeforeAnyWork(string arguments, int code, string message)
    {
        string folder = TempFiles.Folder();
        string foreign = Path.Combine(folder, "foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "mine");
        string file = Path.Combine(folder, "file.txt");
        File.WriteAllText(file, "x");
        var names = new Dictionary<string, string>
        {
            ["{new}"] = Path.Combine(folder, "out"),
            ["{missing}"] = Path.Combine(folder, "missing.txt"),
            ["{foreign}"] = foreign,
            ["{file}"] = file,
        };
        string Fill(string text) => names.Aggregate(text, (t, p) => t.Replace(p.Key, p.Value));

        var (exit, stdout, stderr) = Run(Fill(arguments).Split(' '));

        Assert.Equal(Fill(message), stderr.TrimEnd('\n'));
        Assert.Equal(code, exit);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(names["{new}"]));
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(foreign).Select(Path.GetFileName));
    }

    [Fact]
    public void HelpNamesTheDefaultOutputFolderAndHowFinishedWorkIsReused()
    {
        var (exit, stdout, _) = Run("reproduce", "--help");
        Assert.Equal(0, exit);
        string help = string.Join(" ", stdout.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
        foreach (string option in new[] { "--suite", "--preset", "--seeds", "--out", "--real-pendulum", "--status" }) Assert.Contains(option, help);
        Assert.Contains("default: reproduce-out under the current folder", help);
        Assert.Contains("reused", help);
        Assert.Contains("never overwritten", help);
        Assert.Contains("Several reproductions may run at once in one folder", help);
        Assert.Contains("Ctrl-C", help);
    }

    [Fact]
    public void CtrlCStopsAfterTheCurrentTrainingStepWithACheckpointAndPrintsTheCommandThatResumes()
    {
        if (!OperatingSystem.IsLinux()) return;
        string output = Path.Combine(TempFiles.Folder(), "out");
        string[] arguments = ["reproduce", "--suite", "ode", "--out", output, "--threads", "1"];
        using var child = new CliProcess(arguments);
        var process = child.Process;

        // Interrupt once the first training has logged a row.
        string runs = Path.Combine(output, "runs");
        string? run = null;
        var clock = Stopwatch.StartNew();
        while (run is null && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(5);
            run = Directory.Exists(runs)
                ? Directory.EnumerateFiles(runs, RunDirectory.LogFile, SearchOption.AllDirectories)
                    .FirstOrDefault(log => { try { return File.ReadLines(log).Skip(1).Any(); } catch (IOException) { return false; } })
                : null;
        }
        Assert.NotNull(run);
        Assert.True(child.Interrupt());
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the reproduction did not stop after Ctrl-C");
        process.WaitForExit();

        Assert.Equal(1, process.ExitCode);
        string message = Assert.Single(child.Errors, l => l.StartsWith("dgnet:", StringComparison.Ordinal));
        string expected = $"^dgnet: interrupted during Mass-spring: NODE \\(RK2\\), seed 0: training; finished work and the interrupted training's " +
                          $"checkpoint are kept in {Regex.Escape(output)}\\. To resume, run the same command again \\(finished work is reused, " +
                          $"the interrupted training continues from its checkpoint\\): dgnet {Regex.Escape(string.Join(" ", arguments))}$";
        Assert.Matches(expected, message);
        string folder = Path.GetDirectoryName(run)!;
        Assert.True(File.Exists(Path.Combine(folder, RunDirectory.CheckpointFile)));
        Assert.False(File.Exists(Path.Combine(folder, RunDirectory.WeightsFile)));

        // --status shows the stopped training, the others not started.
        var (exit, stdout, stderr) = Run("reproduce", "--suite", "ode", "--out", output, "--status");
        Assert.Equal((0, ""), (exit, stderr));
        Assert.Matches(@"(?m)^Mass-spring: NODE \(RK2\), seed 0: training +stopped: step \d+ of 600 .*; the same command continues it; predictions 0 of 2 done$", stdout);
        Assert.Matches(@"(?m)^Mass-spring: DGNet \(Eq6\), seed 0: training +not started; predictions 0 of 6 done$", stdout);
    }

    [Fact]
    public void StatusOfANewFolderHasNothingStartedAndCreatesNothing()
    {
        string output = Path.Combine(TempFiles.Folder(), "out");

        var (exit, stdout, stderr) = Run("reproduce", "--suite", "pde", "--out", output, "--status");

        Assert.Equal((0, ""), (exit, stderr));
        Assert.StartsWith($"{output}: datasets 0 of 3 done; trainings 0 of ", stdout);
        Assert.Matches(@"(?m)^KdV: DGNet \(Eq6\), seed 0: training +not started; predictions 0 of 3 done$", stdout);
        Assert.DoesNotContain("running", stdout);
        Assert.False(Directory.Exists(output));
    }
}
