using System.Text.RegularExpressions;
using DGNet.Reproduction;
using DGNet.Tests.Training;
using DGNet.Training;

namespace DGNet.Tests.Reproduction;

/// <summary>
/// <c>dgnet reproduce --status</c>'s reading of an output folder: nothing started in a folder not yet made (and it stays
/// unmade), everything done after a finished reproduction, a stopped training at the step its files record with the time
/// its remaining steps take, a piece another process holds as running, a diverged training with its step.
/// </summary>
[Collection(SerialCollection.Name)]
public class PlanStatusTests(SmokeReproductionFixture smoke) : IClassFixture<SmokeReproductionFixture>
{
    private static readonly HashSet<ReproductionSuite> OdeOnly = [ReproductionSuite.Ode];

    [Fact]
    public void AFolderNotYetMadeHasNothingStartedAndIsNotCreated()
    {
        string output = Path.Combine(TempFiles.Folder(), "out");
        var plan = Reproducer.Check(SmokePreset.Request(output));

        var status = PlanStatus.Read(plan, DateTime.UtcNow);

        int pieces = plan.Datasets.Sum(d => d.Data.Count + d.Data.Count(p => p.Orbits is not null) + d.Trainings.Count + d.LongRollouts.Count);
        Assert.Equal(pieces, status.Entries.Count);
        Assert.All(status.Entries, e => Assert.Equal(WorkState.NotStarted, e.State));
        Assert.All(status.Entries, e => Assert.Null(e.Left));
        Assert.Equal(plan.Datasets.SelectMany(d => d.Trainings).Select(t => t.Predictions.Count + t.OrbitPredictions.Count),
            status.Entries.Where(e => e.Kind == JobKind.Training).Select(e => e.Predictions));
        Assert.StartsWith($"{plan.Output}: datasets 0 of ", status.ToText());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AFinishedReproductionIsDoneWithEachTrainingsStepsAndTime()
    {
        var plan = Reproducer.Check(SmokePreset.Request(smoke.Output));

        var status = PlanStatus.Read(plan, DateTime.UtcNow);

        Assert.All(status.Entries, e => Assert.Equal(WorkState.Done, e.State));
        var trainings = plan.Datasets.SelectMany(d => d.Trainings).ToList();
        var entries = status.Entries.Where(e => e.Kind == JobKind.Training).ToList();
        Assert.Equal(trainings.Select(t => $"{t.Name}: training"), entries.Select(e => e.Name));
        Assert.Equal(trainings.Select(t => (int?)t.Options.Steps), entries.Select(e => e.Step));
        Assert.Equal(trainings.Select(t => new RunDirectory(t.RunPath).ReadDescription().Result!.WallSeconds),
            entries.Select(e => e.TrainingSeconds!.Value));
        Assert.All(entries, e => Assert.Equal(e.Predictions, e.PredictionsDone));
        Assert.All(entries, e => Assert.Null(e.Left));
        Assert.Contains($"; trainings {trainings.Count} of {trainings.Count} done; ", status.ToText());
    }

    [Fact]
    public void ATrainingNotStartedIsJudgedByTheFinishedSeedsOfItsRow()
    {
        // The finished smoke output (seed 0) asked for seeds 0 and 1: seed 1's trainings have not started.
        var plan = Reproducer.Check(SmokePreset.Request(smoke.Output) with { Seeds = [0, 1] });

        var status = PlanStatus.Read(plan, DateTime.UtcNow);

        var trainings = plan.Datasets.SelectMany(d => d.Trainings).ToList();
        foreach (var training in trainings.Where(t => t.Seed == 1))
        {
            var finished = trainings.Single(t => t.Seed == 0 && t.Dataset.Key == training.Dataset.Key && t.Row == training.Row);
            var entry = status.Entries.Single(e => e.Name == $"{training.Name}: training");
            Assert.Equal(WorkState.NotStarted, entry.State);
            Assert.Equal(new RunDirectory(finished.RunPath).ReadDescription().Result!.WallSeconds, entry.Left!.Value.TotalSeconds, 1e-6);
        }
        double total = status.Entries.Where(e => e.Left is not null).Sum(e => e.Left!.Value.TotalSeconds);
        Assert.Contains($"Training time left, one training after another: about {PlanStatus.Duration(TimeSpan.FromSeconds(total))} " +
                        $"({PlanStatus.Duration(TimeSpan.FromSeconds(total))} for {trainings.Count(t => t.Seed == 1)} trainings not started, judged by the finished ones of their rows).",
            status.ToText());
    }

    [Fact]
    public void AStoppedTrainingShowsTheStepItsFilesRecordAndTheTimeLeft()
    {
        string output = TempFiles.Folder();
        using var interrupt = new CancellationTokenSource();
        int trainingsBegun = 0;
        var stopped = Reproducer.Run(SmokePreset.Request(output, OdeOnly), new Sink(p =>
        {
            if (p.Task.EndsWith(": training", StringComparison.Ordinal) && ++trainingsBegun == 2) interrupt.Cancel();
        }), interrupt.Token);
        Assert.Equal(ReproductionStatus.Interrupted, stopped.Status);
        var trainings = stopped.Plan.Datasets.Single().Trainings;

        var status = PlanStatus.Read(stopped.Plan, DateTime.UtcNow);

        var entries = status.Entries.Where(e => e.Kind == JobKind.Training).ToList();
        Assert.Equal([WorkState.Done, WorkState.Stopped, .. Enumerable.Repeat(WorkState.NotStarted, trainings.Count - 2)],
            entries.Select(e => e.State));
        var run = new RunDirectory(trainings[1].RunPath);
        var checkpoint = Checkpoint.ReadProgress(run.CheckpointPath);
        var log = LossLog.Read(run.LogPath);
        int step = log.Count > 0 ? Math.Max(checkpoint.Step, log[^1].Step) : checkpoint.Step;
        var entry = entries[1];
        Assert.Equal(step, entry.Step);
        Assert.InRange(step, 0, trainings[1].Options.Steps - 1);
        Assert.Equal(trainings[1].Options.Steps, entry.Steps);
        if (entry.SecondsPerStep is double rate) Assert.Equal(rate * (trainings[1].Options.Steps - step), entry.Left!.Value.TotalSeconds, 1e-6);
        else Assert.Equal(0, step); // no rate before the first step
        Assert.All(entries.Skip(2), e => Assert.Null(e.Left)); // no finished seed of their rows to judge by
        Assert.Equal(0, entries[1].PredictionsDone);
        string line = status.ToText().Split('\n').Single(l => l.StartsWith(entry.Name, StringComparison.Ordinal));
        Assert.Matches($@"^{Regex.Escape(entry.Name)} +stopped: step {step} of {trainings[1].Options.Steps}\b.*; the same command continues it; predictions 0 of \d+ done$", line);

        // Another process claims the stopped training and the next dataset piece: both show as running.
        using (WorkLock.TryAcquire(output, trainings[1].RunPath))
        using (WorkLock.TryAcquire(output, trainings[2].RunPath))
        {
            var held = PlanStatus.Read(stopped.Plan, DateTime.UtcNow).Entries.Where(e => e.Kind == JobKind.Training).ToList();
            Assert.Equal([WorkState.Done, WorkState.Running, WorkState.Running], held.Take(3).Select(e => e.State));
            Assert.Equal(step, held[1].Step);
        }
        Assert.Equal(WorkState.Stopped, PlanStatus.Read(stopped.Plan, DateTime.UtcNow).Entries.Single(e => e.Name == entry.Name).State);
    }

    [Fact]
    public void ADivergedTrainingShowsTheStepItDivergedAt()
    {
        string output = TempFiles.Folder();
        var plan = Reproducer.Check(SmokePreset.Request(output, OdeOnly));
        var training = plan.Datasets.Single().Trainings[0];
        Directory.CreateDirectory(training.RunPath);
        File.WriteAllText(Path.Combine(training.RunPath, ReproductionSession.DivergedFile), "{\"step\":4,\"checkpoint_step\":3}\n");

        var entry = PlanStatus.Read(plan, DateTime.UtcNow).Entries.Single(e => e.Name == $"{training.Name}: training");

        Assert.Equal((WorkState.Diverged, 4), (entry.State, entry.Step));
        Assert.Null(entry.Left);
    }

    private sealed class Sink(Action<ReproductionProgress> report) : IProgress<ReproductionProgress>
    {
        public void Report(ReproductionProgress value) => report(value);
    }
}
