using System.Diagnostics;
using System.Text.RegularExpressions;
using DGNet.Cli;
using DGNet.Data;
using DGNet.Tests.Training;
using DGNet.Training;

namespace DGNet.Tests.Cli;

/// <summary>
/// Kills a real <c>dgnet train</c> process (the built command, run with <c>dotnet</c>) at random moments of its
/// training five times, resuming it each time, and checks that it ends with the log and the weights of an
/// uninterrupted run: checkpoints are atomic, and a torn log row is dropped and written again. Ctrl-C (SIGINT) or SIGTERM stops
/// a training after its current step with a checkpoint and a message on how to resume.
/// </summary>
[Collection(SerialCollection.Name)]
public class TrainProcessTests
{
    private const int Kills = 5;

    /// <summary>Steps of the killed training: enough that five sessions of at most ~120 ms of training cannot finish it
    /// on an idle machine (600 could).</summary>
    private const string Steps = "4000";

    private static string[] TrainArguments(string data, string run) =>
        ["train", "--data", data, "--model", "dgnet", "--out", run, "--steps", Steps, "--hidden", "16", "--batch", "16",
         "--checkpoint-every", "7", "--log-every", "5", "--seed", "4", "--threads", "1"];

    private static int LastLoggedStep(string run)
    {
        string log = Path.Combine(run, RunDirectory.LogFile);
        if (!File.Exists(log)) return 0;
        try
        {
            return File.ReadLines(log).Skip(1).Select(l => int.TryParse(l.Split(',')[0], out int s) ? s : 0).DefaultIfEmpty(0).Max();
        }
        catch (IOException)
        {
            return 0;   // being replaced at this moment
        }
    }

    [Fact]
    public void ATrainingKilledAtRandomMomentsAndResumedEndsWithTheWeightsOfAnUninterruptedOne()
    {
        string data = TinyData.SaveToFile(TinyData.Spring);
        string reference = Path.Combine(TempFiles.Folder(), "run"), killed = Path.Combine(TempFiles.Folder(), "run");
        var referenceErrors = new StringWriter();
        Assert.True(DgnetApp.Run(TrainArguments(data, reference), TextWriter.Null, referenceErrors) == 0, referenceErrors.ToString());

        var random = new Random();
        var moments = new List<string>();
        int lastStep = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            string[] arguments = kill == 0 ? TrainArguments(data, killed) : ["train", "--resume", "--out", killed, "--threads", "1"];
            using var child = new CliProcess(arguments);
            var process = child.Process;
            var clock = Stopwatch.StartNew();
            // Kill only once this session has trained past the previous session's last logged step.
            while (LastLoggedStep(killed) <= lastStep && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(5);
            Assert.False(process.HasExited, $"session {kill} ended by itself (code {(process.HasExited ? process.ExitCode : 0)}) before it could be killed; after {string.Join(", ", moments)}");
            int delay = random.Next(0, 120);
            Thread.Sleep(delay);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lastStep = LastLoggedStep(killed);
            moments.Add($"{delay} ms after a log row, last logged step {lastStep}");
        }
        Assert.False(File.Exists(Path.Combine(killed, RunDirectory.WeightsFile)), "the killed run has not finished");

        using (var final = new CliProcess(["train", "--resume", "--out", killed, "--threads", "1"]))
        {
            Assert.True(final.Process.WaitForExit(TimeSpan.FromMinutes(2)), "the resumed training did not finish");
            Assert.Equal(0, final.Process.ExitCode);
        }

        var expected = Npz.Read(Path.Combine(reference, RunDirectory.WeightsFile));
        var actual = Npz.Read(Path.Combine(killed, RunDirectory.WeightsFile));
        foreach (var (name, array) in expected)
            Assert.True(((double[])array.Data).SequenceEqual((double[])actual[name].Data), $"{name} differs after kills at: {string.Join("; ", moments)}");
        var referenceLog = LossLog.Read(Path.Combine(reference, RunDirectory.LogFile)).Select(r => (r.Step, r.TrainLoss, r.TestLoss));
        var killedLog = LossLog.Read(Path.Combine(killed, RunDirectory.LogFile)).Select(r => (r.Step, r.TrainLoss, r.TestLoss));
        Assert.Equal(referenceLog, killedLog);
    }

    [Theory]
    [InlineData(CliProcess.Sigint)]
    [InlineData(CliProcess.Sigterm)]
    public void CtrlCOrSigtermStopsAfterTheCurrentStepWithACheckpointAndSaysHowToResume(int signal)
    {
        if (!OperatingSystem.IsLinux()) return;
        string data = TinyData.SaveToFile(TinyData.Spring);
        string run = Path.Combine(TempFiles.Folder(), "run");
        using var child = new CliProcess(TrainArguments(data, run).Select(a => a == Steps ? "100000" : a));
        var process = child.Process;
        var clock = Stopwatch.StartNew();
        while (LastLoggedStep(run) == 0 && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(5);
        Assert.True(child.Interrupt(signal));
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"the training did not stop after signal {signal}");
        process.WaitForExit();
        Assert.Equal(1, process.ExitCode);
        string message = Assert.Single(child.Errors, l => l.StartsWith("dgnet:", StringComparison.Ordinal));
        var match = Regex.Match(message, $@"^dgnet: interrupted after step (\d+); checkpoint written to {Regex.Escape(run)}/checkpoint.npz; resume with: dgnet train --resume --out {Regex.Escape(run)}$");
        Assert.True(match.Success, message);
        var checkpoint = Npz.Read(Path.Combine(run, RunDirectory.CheckpointFile));
        Assert.Equal(long.Parse(match.Groups[1].Value), ((long[])checkpoint["step"].Data)[0]);
        Assert.False(File.Exists(Path.Combine(run, RunDirectory.WeightsFile)));
    }
}
