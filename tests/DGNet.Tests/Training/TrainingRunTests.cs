using DGNet.Data;
using DGNet.Models;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Training;

/// <summary>
/// Training runs on disk are reproducible: the same options give the same log and weights; a run interrupted and
/// resumed (several times, between log rows and checkpoints), or extended after finishing, ends with the same weights
/// as an uninterrupted one; a diverging run stops at the first non-finite loss and keeps a usable checkpoint.
/// </summary>
[Collection(SerialCollection.Name)]
public class TrainingRunTests
{
    public TrainingRunTests() => set_num_threads(1);

    private static readonly ModelSpec DgNetSpec = ModelSetup.Spec(TinyData.Spring, new ModelChoices("dgnet", Hidden: 8));

    private static TrainingOptions Options(string solver = "eq6", int steps = 40) => new()
    {
        Solver = solver, Steps = steps, BatchSize = 16, LearningRate = 5e-3, Seed = 11, LogEvery = 7, CheckpointEvery = 10,
    };

    private static TrainingResult Train(string folder, ModelSpec spec, TrainingOptions options)
    {
        using var run = TrainingRun.Start(folder, TinyData.Spring, spec, options);
        return run.Run();
    }

    private static TrainingResult Resume(string folder, int? steps = null, CancellationToken cancellation = default)
    {
        using var run = TrainingRun.Resume(folder, TinyData.Spring, steps);
        return run.Run(cancellation: cancellation);
    }

    /// <summary>The log without its wall-time column.</summary>
    private static (int, double, double)[] Log(string folder) =>
        LossLog.Read(Path.Combine(folder, RunDirectory.LogFile)).Select(r => (r.Step, r.TrainLoss, r.TestLoss)).ToArray();

    private static void AssertSameWeights(string expectedFolder, string actualFolder)
    {
        var expected = Npz.Read(Path.Combine(expectedFolder, RunDirectory.WeightsFile));
        var actual = Npz.Read(Path.Combine(actualFolder, RunDirectory.WeightsFile));
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, array) in expected) Assert.Equal((double[])array.Data, (double[])actual[name].Data);
    }

    private sealed class CrashAtFirstReport : IProgress<TrainingProgress>
    {
        public int Step { get; private set; }

        public void Report(TrainingProgress value)
        {
            Step = value.Step;
            throw new InsufficientExecutionStackException("simulated crash");
        }
    }

    [Fact]
    public void ARunKilledBetweenStepCheckpointsKeepsTheCheckpointOfTheWallTimeInterval()
    {
        string folder = TempFiles.Folder();
        var options = Options(steps: 1_000_000) with { CheckpointEvery = 1_000_000, LogEvery = 1_000_000 };
        using var run = TrainingRun.Start(folder, TinyData.Spring, DgNetSpec, options);
        run.CheckpointInterval = TimeSpan.Zero;
        // The first progress report comes after 200 ms of steps; the crash there skips everything after it, as a kill would.
        var crash = new CrashAtFirstReport();
        Assert.Throws<InsufficientExecutionStackException>(() => run.Run(crash));
        Assert.InRange(crash.Step, 1, options.Steps - 1);
        // Step checkpoints alone would have left the one of step 0.
        Assert.Equal(crash.Step, ((long[])Npz.Read(run.Directory.CheckpointPath)["step"].Data)[0]);
        // Its progress reads back without a model (as dgnet reproduce --status reads it).
        var progress = Checkpoint.ReadProgress(run.Directory.CheckpointPath);
        Assert.Equal(crash.Step, progress.Step);
        Assert.True(progress.WallSeconds > 0);
    }

    [Fact]
    public void SameOptionsGiveTheSameLogAndWeightsAndAnotherSeedDoesNot()
    {
        string first = TempFiles.Folder(), second = TempFiles.Folder(), reseeded = TempFiles.Folder();
        Assert.Equal(TrainingStatus.Completed, Train(first, DgNetSpec, Options()).Status);
        Assert.Equal(TrainingStatus.Completed, Train(second, DgNetSpec, Options()).Status);
        Train(reseeded, DgNetSpec, Options() with { Seed = 12 });

        var log = Log(first);
        Assert.Equal([7, 14, 21, 28, 35, 40], log.Select(r => r.Item1));
        Assert.Equal(log, Log(second));
        AssertSameWeights(first, second);
        Assert.NotEqual(log, Log(reseeded));

        var description = new RunDirectory(first).ReadCompleted();
        Assert.Equal(DgNetSpec, description.Model with { StateShape = DgNetSpec.StateShape });
        Assert.Equal(Options(), description.Training);
        Assert.Equal(TinyData.Spring.ContentHash, description.Data.Sha256);
        Assert.Equal(40, description.Result!.Steps);
        Assert.Equal(log[^1].Item3, description.Result.TestLoss);
    }

    [Theory]
    [InlineData("dgnet", "eq6")]
    [InlineData("hnn", "rk4")]
    public void InterruptedAndResumedRunsEndWithTheWeightsOfAnUninterruptedOne(string model, string solver)
    {
        var spec = ModelSetup.Spec(TinyData.Spring, new ModelChoices(model, Hidden: 8));
        string straight = TempFiles.Folder(), interrupted = TempFiles.Folder();
        Train(straight, spec, Options(solver));

        using var stop = new CancellationTokenSource();
        stop.Cancel();
        using (var run = TrainingRun.Start(interrupted, TinyData.Spring, spec, Options(solver)))
        {
            var result = run.Run(cancellation: stop.Token);
            Assert.Equal((TrainingStatus.Cancelled, 1, 1), (result.Status, result.Step, result.CheckpointStep));
        }
        // Each session is interrupted after its first step: at steps 2 and 3, between log rows and checkpoints.
        for (int step = 2; step <= 3; step++)
            Assert.Equal((TrainingStatus.Cancelled, step), (Resume(interrupted, cancellation: stop.Token) is var r ? (r.Status, r.Step) : default));
        Assert.False(File.Exists(Path.Combine(interrupted, RunDirectory.WeightsFile)));
        Assert.Equal(TrainingStatus.Completed, Resume(interrupted).Status);

        Assert.Equal(Log(straight), Log(interrupted));
        AssertSameWeights(straight, interrupted);
    }

    [Fact]
    public void AFinishedRunExtendedWithMoreStepsEndsWhereALongerRunEnds()
    {
        string longer = TempFiles.Folder(), extended = TempFiles.Folder();
        Train(longer, DgNetSpec, Options(steps: 40));
        Train(extended, DgNetSpec, Options(steps: 23));
        var result = Resume(extended, steps: 40);
        Assert.Equal((TrainingStatus.Completed, 40), (result.Status, result.Step));
        AssertSameWeights(longer, extended);
        Assert.Equal(40, new RunDirectory(extended).ReadCompleted().Training.Steps);

        // Resuming a finished run changes nothing.
        var before = File.ReadAllBytes(Path.Combine(extended, RunDirectory.WeightsFile));
        Assert.Equal(TrainingStatus.Completed, Resume(extended).Status);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(extended, RunDirectory.WeightsFile)));
        Assert.Equal("--steps: the run has already taken 40 steps, more than 30",
            Assert.Throws<ArgumentException>(() => TrainingRun.Resume(extended, TinyData.Spring, 30)).Message);
    }

    [Fact]
    public void ADivergingRunStopsAtTheFirstNonFiniteLossAndKeepsAUsableCheckpoint()
    {
        string folder = TempFiles.Folder();
        // A neural ODE's output layer is linear: after one Adam step of 1e200 its field is ~1e200 and the loss overflows.
        var spec = ModelSetup.Spec(TinyData.Spring, new ModelChoices("node", Hidden: 8));
        var options = Options("midpoint") with { LearningRate = 1e200, CheckpointEvery = 1, LogEvery = 1 };
        var result = Train(folder, spec, options);
        Assert.Equal(TrainingStatus.Diverged, result.Status);
        Assert.Equal(2, result.Step);
        Assert.Equal(result.Step - 1, result.CheckpointStep);
        Assert.False(File.Exists(Path.Combine(folder, RunDirectory.WeightsFile)));
        Assert.All(Log(folder), row => Assert.True(double.IsFinite(row.Item2), $"logged a non-finite loss at step {row.Item1}"));

        using var resumed = TrainingRun.Resume(folder, TinyData.Spring);
        Assert.Equal(result.CheckpointStep, resumed.CompletedSteps);
        Assert.All(resumed.Model.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void RunsRefuseToOverwriteAndToResumeOnOtherData()
    {
        string folder = TempFiles.Folder();
        Train(folder, DgNetSpec, Options(steps: 3));
        var exists = Assert.Throws<IOException>(() => TrainingRun.Start(folder, TinyData.Spring, DgNetSpec, Options()));
        Assert.Equal($"{folder}: the run directory already exists; pass --force to replace it or --resume to continue it", exists.Message);
        using (var forced = TrainingRun.Start(folder, TinyData.Spring, DgNetSpec, Options(steps: 2), force: true))
            Assert.Equal(0, forced.CompletedSteps);
        Assert.False(File.Exists(Path.Combine(folder, RunDirectory.WeightsFile)));

        var other = Assert.Throws<InvalidDataException>(() => TrainingRun.Resume(folder, TinyData.DampedSpring, allowDataChange: true));
        Assert.StartsWith("--data the data: differs from the data the run was trained on", other.Message);
        Assert.EndsWith(": 4 train / 2 test trajectories of 31 points, not 6 / 2 of 31", other.Message);
        string missing = Path.Combine(folder, "none");
        Assert.Equal($"{missing}: run directory not found",
            Assert.Throws<DirectoryNotFoundException>(() => TrainingRun.Resume(missing, TinyData.Spring)).Message);
    }

    /// <summary>The spring data with its states changed by <paramref name="change"/> (everything else copied).</summary>
    private static Dataset SpringWithStates(Func<Tensor, Tensor> change)
    {
        var s = TinyData.Spring;
        return Dataset.Create(change(s.U), s.Dt, s.DuDt?.clone(), s.Energy?.clone(), s.Dx, s.Split, s.System, s.Params);
    }

    [Fact]
    public void ResumesOnTheSameDataRegeneratedAndRecordsTheChange()
    {
        string folder = TempFiles.Folder();
        Train(folder, DgNetSpec, Options(steps: 3));
        string originalSha = new RunDirectory(folder).ReadDescription().Data.Sha256;
        // Another CPU's kernels change the last bits: a relative change of 1e-13 gives other bytes but the same data.
        using var regenerated = SpringWithStates(u => u * (1 + 1e-13));
        Assert.NotEqual(originalSha, regenerated.ContentHash);

        using (var run = TrainingRun.Resume(folder, regenerated, steps: 5))
        {
            var change = Assert.IsType<DataChange>(run.AcceptedDataChange);
            Assert.Equal(3, change.Step);
            Assert.Equal(originalSha, change.PreviousSha256);
            Assert.False(change.Allowed);
            Assert.InRange(change.ProbeDeviation!.Value, 0, 1e-12);
            Assert.Equal(TrainingStatus.Completed, run.Run().Status);
        }
        var description = new RunDirectory(folder).ReadDescription();
        Assert.Equal(regenerated.ContentHash, description.Data.Sha256);
        Assert.Equal(DataProbe.Of(regenerated), description.Data.Probe);
        Assert.Single(description.DataChanges!);
        Assert.StartsWith($"data changed at step 3, from {description.DataChanges![0].PreviousPath} (sha256 {originalSha[..12]}...): " +
                          "the same data regenerated (probe values agree to ", description.DataChanges[0].Describe());

        // Back on the original bytes: that is a change too, and both are kept in order.
        using (var run = TrainingRun.Resume(folder, TinyData.Spring, steps: 6))
            Assert.Equal(5, run.AcceptedDataChange!.Step);
        Assert.Equal([3, 5], new RunDirectory(folder).ReadDescription().DataChanges!.Select(c => c.Step));
    }

    [Fact]
    public void OtherDataOfTheSameSizeNeedsAnExplicitAllowance()
    {
        string folder = TempFiles.Folder();
        Train(folder, DgNetSpec, Options(steps: 3));
        using var other = SpringWithStates(u => u + 0.01);
        var refused = Assert.Throws<InvalidDataException>(() => TrainingRun.Resume(folder, other));
        Assert.Matches(@"^--data the data: differs from the data the run was trained on \(, sha256 [0-9a-f]{12}\.\.\.\): its values differ by up to [0-9.]+e-0[23] of their size; pass --allow-data-change to resume on it anyway \(recorded in model.json\)$", refused.Message);
        Assert.Null(new RunDirectory(folder).ReadDescription().DataChanges);

        using (var run = TrainingRun.Resume(folder, other, allowDataChange: true))
        {
            Assert.True(run.AcceptedDataChange!.Allowed);
            Assert.True(run.AcceptedDataChange.ProbeDeviation > DataProbe.Tolerance);
        }
        Assert.True(new RunDirectory(folder).ReadDescription().DataChanges![0].Allowed);
    }

    [Fact]
    public void ARunWithoutProbeResumesOnOtherBytesOnlyWhenAllowed()
    {
        string folder = TempFiles.Folder();
        Train(folder, DgNetSpec, Options(steps: 3));
        var directory = new RunDirectory(folder);
        var old = directory.ReadDescription();
        directory.WriteDescription(old with { Data = old.Data with { Probe = null } });
        using var regenerated = SpringWithStates(u => u * (1 + 1e-13));

        var refused = Assert.Throws<InvalidDataException>(() => TrainingRun.Resume(folder, regenerated));
        Assert.Contains(": the run records no probe values to tell whether it is the same data regenerated on another machine; pass --allow-data-change", refused.Message);
        using (var same = TrainingRun.Resume(folder, TinyData.Spring))
            Assert.Null(same.AcceptedDataChange);
        using (var run = TrainingRun.Resume(folder, regenerated, allowDataChange: true))
            Assert.Null(run.AcceptedDataChange!.ProbeDeviation);
        var description = directory.ReadDescription();
        Assert.NotNull(description.Data.Probe);
        Assert.EndsWith("allowed with --allow-data-change (no probe values recorded before)", description.DataChanges![0].Describe());
    }
}
