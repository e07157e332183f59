using System.Globalization;
using DGNet.Reproduction;
using DGNet.Systems;
using DGNet.Tests.Training;
using DGNet.Training;

namespace DGNet.Tests.Reproduction;

/// <summary>
/// The smoke preset end to end through the real code (one ODE dataset, one 1-D PDE with a long rollout, 2-D
/// Cahn-Hilliard with a learned kernel): every row gets its errors beside the published values, every figure is drawn
/// and embedded in the report; a second invocation trains nothing; an interrupted one continues from its checkpoint and
/// ends with the results of an uninterrupted one.
/// </summary>
[Collection(SerialCollection.Name)]
public class ReproducerTests(SmokeReproductionFixture smoke) : IClassFixture<SmokeReproductionFixture>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static Dictionary<string, string>[] ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        // The last field (problems) may hold commas inside quotes; the numeric fields before it do not.
        return lines.Skip(1).Select(line =>
        {
            var fields = line.Split(',');
            return header.Select((name, i) => (name, value: i < fields.Length ? fields[i] : "")).ToDictionary(p => p.name, p => p.value);
        }).ToArray();
    }

    /// <summary>A copy of the finished smoke output in a new folder, so that a test may add to it without changing it for the others.</summary>
    private string CopyOfSmokeOutput()
    {
        string output = TempFiles.Folder();
        foreach (string file in Directory.EnumerateFiles(smoke.Output, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(output, Path.GetRelativePath(smoke.Output, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return output;
    }

    [Fact]
    public void EveryRowIsTrainedPredictedAndTabledBesideThePublishedValues()
    {
        var result = smoke.Result;
        Assert.Equal(ReproductionStatus.Completed, result.Status);
        Assert.All(result.Jobs, job => Assert.Equal(JobOutcome.Computed, job.Outcome));
        // KdV: 5 trainings, 7 rows; 2-D Cahn-Hilliard: 1 and 1; mass-spring: 6 and 8.
        Assert.Equal(12, result.Jobs.Count(j => j.Kind == JobKind.Training));
        Assert.Equal(16, result.Rows.Count);
        Assert.Equal(2, result.LongRollouts.Count);
        Assert.All(result.Rows, row => Assert.Equal(1, row.Derivative.Count));

        var csv = ReadCsv(Path.Combine(smoke.Output, Reproducer.ResultsCsv));
        Assert.Equal(result.Rows.Count, csv.Length);
        foreach (var (row, line) in result.Rows.Zip(csv))
        {
            Assert.Equal((row.Dataset.Key, row.Row.Label, row.Row.TrainingSolver, row.PredictionSolver),
                (line["dataset"], line["model"], line["train"], line["predict"]));
            var published = PublishedResults.Find(row.Dataset.Key, row.Row.Label, row.Row.TrainingSolver, row.PredictionSolver);
            Assert.Equal(row.Dataset.Key != "cahn-hilliard-2d", published is not null);
            foreach (var (name, ours, paper) in new[] { ("derivative", row.Derivative, published?.Derivative), ("energy", row.Energy, published?.Energy), ("state", row.State, published?.State) })
            {
                double value = double.Parse(line[name], CultureInfo.InvariantCulture);
                Assert.True(value > 0 && double.IsFinite(value), $"{row.Name} {name}: {line[name]}");
                Assert.Equal(ours.Mean, value);
                if (paper is double p)
                {
                    Assert.Equal(p, double.Parse(line[name + "_published"], CultureInfo.InvariantCulture));
                    Assert.Equal(value / p, double.Parse(line[name + "_ratio"], CultureInfo.InvariantCulture), 1e-12);
                }
                else Assert.Equal(("", ""), (line[name + "_published"], line[name + "_ratio"]));
            }
        }

        string markdown = File.ReadAllText(Path.Combine(smoke.Output, Reproducer.ResultsMarkdown));
        Assert.Equal(result.Tables, markdown);
        foreach (string title in new[] { "## KdV (PDE)", "## 2-D Cahn-Hilliard, learned G (PDE)", "## Mass-spring (ODE)" })
            Assert.Contains(title, markdown);
        Assert.Contains("| SRNN | leapfrog | leapfrog |", markdown);
    }

    [Fact]
    public void TheReferenceOrbitsEnergyErrorIsWhatEvaluatingOnThoseOrbitsGives()
    {
        var result = smoke.Result;
        var massSpring = result.Plan.Datasets.Single(d => d.Preset.Key == "mass-spring");
        var orbitPlan = massSpring.Data.Single().Orbits!;
        Assert.Equal(["Mass-spring: reference orbits, seed 0"], result.Jobs.Where(j => j.Path == orbitPlan.Path).Select(j => j.Name));

        using var orbits = DGNet.Data.Dataset.Load(orbitPlan.Path);
        var box = InitialBox.Reference;
        Assert.Equal(ReferenceOrbits.SpringAndPendulum.Count, orbits.TestTrajectories.Length);
        using (var first = orbits.U.select(1, 0).abs())
            Assert.True(first.ge(box.Low).all().item<bool>() && first.le(box.High).all().item<bool>(), "an orbit starts outside the box");
        using (var train = DGNet.Data.Dataset.Load(massSpring.Data.Single().Path))
            Assert.Equal((train.TimePoints, train.Dt), (orbits.TimePoints, orbits.Dt));

        // Every ODE row of mass-spring has its error on the orbits, from evaluating its model there as `dgnet eval` does;
        // the datasets without orbits have none.
        foreach (var row in result.Rows)
        {
            if (row.Dataset.Key != "mass-spring")
            {
                Assert.Equal(0, row.OrbitEnergy.Count);
                continue;
            }
            var training = massSpring.Trainings.Single(t => ReferenceEquals(t.Row, row.Row));
            using var model = new RunDirectory(training.RunPath).LoadModel();
            var expected = DGNet.Evaluation.Evaluator.Evaluate(model, orbits, row.Row.TrainingSolver, row.PredictionSolver,
                options: new DGNet.Evaluation.PredictionOptions { Dopri5 = massSpring.Preset.Dopri5 });
            Assert.Equal(expected.EnergyError!.Value, row.OrbitEnergy.Mean, 1e-12);
            Assert.Equal(expected.DerivativeError, row.OrbitDerivative.Mean, 1e-12);
            Assert.NotEqual(row.Energy.Mean, row.OrbitEnergy.Mean);
        }

        string markdown = File.ReadAllText(Path.Combine(smoke.Output, Reproducer.ResultsMarkdown));
        string[] tables = markdown.Split("\n## ");
        Assert.Contains("| energy, ref. orbits | ratio |", tables.Single(t => t.StartsWith("Mass-spring", StringComparison.Ordinal)));
        Assert.DoesNotContain("ref. orbits", tables.Single(t => t.StartsWith("KdV", StringComparison.Ordinal)));
        var csv = ReadCsv(Path.Combine(smoke.Output, Reproducer.ResultsCsv));
        foreach (var (row, line) in result.Rows.Zip(csv))
        {
            string expected = row.OrbitEnergy.Count > 0 ? row.OrbitEnergy.Mean.ToString("R", CultureInfo.InvariantCulture) : "";
            Assert.Equal(expected, line["orbit_energy"]);
            if (row.Published?.Energy is double p && row.OrbitEnergy.Count > 0)
                Assert.Equal(row.OrbitEnergy.Mean / p, double.Parse(line["orbit_energy_ratio"], CultureInfo.InvariantCulture), 1e-12);
        }
    }

    [Fact]
    public void EveryFigureIsDrawnAndEmbeddedInTheReport()
    {
        string[] expected =
        [
            "kdv-spacetime", "kdv-energy", "kdv-training", "kdv-long-rollout",
            "cahn-hilliard-2d-snapshots", "cahn-hilliard-2d-energy", "cahn-hilliard-2d-training", "cahn-hilliard-2d-kernel",
            "mass-spring-phase", "mass-spring-energy", "mass-spring-training",
        ];
        Assert.Equal(expected.Order(), smoke.Result.Figures.Select(Path.GetFileNameWithoutExtension).Order());
        string report = File.ReadAllText(Path.Combine(smoke.Output, Reproducer.ReportMarkdown));
        foreach (string figure in smoke.Result.Figures)
        {
            var bytes = File.ReadAllBytes(figure);
            Assert.True(bytes.Length > 10_000 && bytes.Take(8).SequenceEqual(PngSignature), figure);
            Assert.Contains($"]({ReproductionPlan.FiguresFolder}/{Path.GetFileName(figure)})", report);
        }
        Assert.Contains("## 2-D Cahn-Hilliard: learned structure and memory", report);
        Assert.Contains("| zero sum | yes |", report);
        Assert.Contains("### Memory and time per training step", report);
        Assert.Contains("## Long rollout: energy drift", report);
        Assert.Single(report.Split('\n'), l => l.Contains("energy error also on 15 noise-free reference orbits, coordinates of magnitude U(0.2, 1)"));
    }

    [Fact]
    public void ASecondInvocationReusesEverythingAndTrainsNothing()
    {
        var runs = smoke.Result.Plan.Datasets.SelectMany(d => d.Trainings).Select(t => new RunDirectory(t.RunPath)).ToList();
        var written = runs.Select(r => File.GetLastWriteTimeUtc(r.WeightsPath)).ToList();
        string csv = File.ReadAllText(Path.Combine(smoke.Output, Reproducer.ResultsCsv));

        var again = Reproducer.Run(SmokePreset.Request(smoke.Output));

        Assert.Equal(ReproductionStatus.Completed, again.Status);
        Assert.Equal(smoke.Result.Jobs.Count, again.Jobs.Count);
        Assert.All(again.Jobs, job => Assert.Equal(JobOutcome.Reused, job.Outcome));
        Assert.Equal(written, runs.Select(r => File.GetLastWriteTimeUtc(r.WeightsPath)));
        Assert.Equal(csv, File.ReadAllText(Path.Combine(smoke.Output, Reproducer.ResultsCsv)));
    }

    [Fact]
    public void ASubsetOfDatasetsAndModelsReusesTheFinishedWorkAndTablesOnlyItsRows()
    {
        // A copy of the finished output, so that the other tests see the full tables.
        string output = CopyOfSmokeOutput();
        var request = SmokePreset.Request(output) with { Datasets = new HashSet<string> { "kdv", "mass-spring" }, Models = new HashSet<string> { "dgnet" } };

        var subset = Reproducer.Run(request);

        Assert.Equal(ReproductionStatus.Completed, subset.Status);
        Assert.All(subset.Jobs, job => Assert.Equal(JobOutcome.Reused, job.Outcome));
        Assert.Equal(2, subset.Jobs.Count(j => j.Kind == JobKind.Training));
        var expected = smoke.Result.Rows.Where(r => r.Dataset.Key is "kdv" or "mass-spring" && r.Row.Model == "dgnet").ToList();
        Assert.Equal(6, expected.Count);
        Assert.Equal(expected.Select(r => (r.Dataset.Key, r.Name, r.Derivative.Mean, r.Energy.Mean, r.State.Mean)),
            subset.Rows.Select(r => (r.Dataset.Key, r.Name, r.Derivative.Mean, r.Energy.Mean, r.State.Mean)));
        Assert.Equal(2, subset.LongRollouts.Count);
        Assert.Equal(expected.Count, File.ReadAllLines(Path.Combine(output, Reproducer.ResultsCsv)).Length - 1);
    }

    [Fact]
    public void EachSeedOfAPerSeedDatasetLearnsFromItsOwnSimulatedData()
    {
        // A copy of the finished output, so that seed 0 is reused and the other tests see the full tables.
        string output = CopyOfSmokeOutput();
        var request = SmokePreset.Request(output) with { Datasets = new HashSet<string> { "mass-spring" }, Models = new HashSet<string> { "dgnet" }, Seeds = [0, 1] };

        var result = Reproducer.Run(request);

        Assert.Equal(ReproductionStatus.Completed, result.Status);
        Assert.Equal(
            [
                ("Mass-spring: data, seed 0", JobOutcome.Reused), ("Mass-spring: reference orbits, seed 0", JobOutcome.Reused),
                ("Mass-spring: data, seed 1", JobOutcome.Computed), ("Mass-spring: reference orbits, seed 1", JobOutcome.Computed),
            ],
            result.Jobs.Where(j => j.Kind == JobKind.Data).Select(j => (j.Name, j.Outcome)));
        Assert.Equal([JobOutcome.Reused, JobOutcome.Computed], result.Jobs.Where(j => j.Kind == JobKind.Training).Select(j => j.Outcome));
        var dataset = result.Plan.Datasets.Single();
        using (var first = DGNet.Data.Dataset.Load(dataset.Data[0].Path))
        using (var second = DGNet.Data.Dataset.Load(dataset.Data[1].Path))
        {
            Assert.Equal(first.U.shape, second.U.shape);
            Assert.False(first.U.allclose(second.U), "the two seeds drew the same initial states");
        }
        using (var first = DGNet.Data.Dataset.Load(dataset.Data[0].Orbits!.Path))
        using (var second = DGNet.Data.Dataset.Load(dataset.Data[1].Orbits!.Path))
            Assert.False(first.U.allclose(second.U), "the two seeds drew the same reference orbits");
        // Seed 0's run was trained in the copied folder, so its record names the file there; the names are the keys.
        foreach (var training in dataset.Trainings)
            Assert.Equal(Path.GetFileName(training.Data.Path), Path.GetFileName(new RunDirectory(training.RunPath).ReadDescription().Data.Path));
        Assert.NotEqual(dataset.Data[0].Path, dataset.Data[1].Path);
        Assert.All(result.Rows, row => Assert.Equal(2, row.Derivative.Count));
    }

    [Fact]
    public void AnInterruptedReproductionContinuesFromItsCheckpointAndEndsWithTheSameResults()
    {
        string output = TempFiles.Folder();
        var odeOnly = new HashSet<ReproductionSuite> { ReproductionSuite.Ode };
        using var interrupt = new CancellationTokenSource();
        int trainingsBegun = 0;
        var progress = new Sink(p =>
        {
            if (p.Task.EndsWith(": training", StringComparison.Ordinal) && ++trainingsBegun == 2) interrupt.Cancel();
        });

        var stopped = Reproducer.Run(SmokePreset.Request(output, odeOnly), progress, interrupt.Token);

        Assert.Equal(ReproductionStatus.Interrupted, stopped.Status);
        var trainings = stopped.Plan.Datasets.Single().Trainings;
        Assert.Equal($"{trainings[1].Name}: training", stopped.InterruptedDuring);
        Assert.Equal([JobOutcome.Computed, JobOutcome.Interrupted], stopped.Jobs.Where(j => j.Kind == JobKind.Training).Select(j => j.Outcome));
        var interrupted = new RunDirectory(trainings[1].RunPath);
        Assert.True(File.Exists(interrupted.CheckpointPath));
        Assert.False(File.Exists(interrupted.WeightsPath));
        Assert.False(File.Exists(Path.Combine(output, Reproducer.ResultsCsv)));

        var resumed = Reproducer.Run(SmokePreset.Request(output, odeOnly));

        Assert.Equal(ReproductionStatus.Completed, resumed.Status);
        var outcomes = resumed.Jobs.Where(j => j.Kind == JobKind.Training).Select(j => j.Outcome).ToArray();
        Assert.Equal([JobOutcome.Reused, JobOutcome.Resumed, .. Enumerable.Repeat(JobOutcome.Computed, trainings.Count - 2)], outcomes);
        // The same configuration has the same keys, so the uninterrupted run's files sit at the same relative paths.
        foreach (var training in trainings)
        {
            string relative = Path.GetRelativePath(output, training.RunPath);
            var uninterrupted = new RunDirectory(Path.Combine(smoke.Output, relative));
            var run = new RunDirectory(training.RunPath);
            Assert.Equal(File.ReadAllBytes(uninterrupted.WeightsPath), File.ReadAllBytes(run.WeightsPath));
            Assert.Equal(LossLog.Read(uninterrupted.LogPath).Select(r => (r.Step, r.TrainLoss, r.TestLoss)),
                LossLog.Read(run.LogPath).Select(r => (r.Step, r.TrainLoss, r.TestLoss)));
        }
        var reference = smoke.Result.Rows.Where(r => r.Dataset.Key == "mass-spring").ToList();
        Assert.Equal(reference.Select(r => (r.Derivative, r.Energy, r.State)), resumed.Rows.Select(r => (r.Derivative, r.Energy, r.State)));
    }

    [Fact]
    public void ATrainingsFolderCopiedIntoAnotherOutputContinuesThereFromItsCheckpoint()
    {
        string first = TempFiles.Folder();
        var odeOnly = new HashSet<ReproductionSuite> { ReproductionSuite.Ode };
        using var interrupt = new CancellationTokenSource();
        var progress = new Sink(p =>
        {
            if (p.Task.EndsWith(": training", StringComparison.Ordinal)) interrupt.Cancel();
        });
        var stopped = Reproducer.Run(SmokePreset.Request(first, odeOnly), progress, interrupt.Token);
        Assert.Equal(ReproductionStatus.Interrupted, stopped.Status);
        var training = stopped.Plan.Datasets.Single().Trainings[0];
        Assert.Equal($"{training.Name}: training", stopped.InterruptedDuring);
        string relative = Path.GetRelativePath(first, training.RunPath);

        // Only the output's marker and the interrupted training's folder move (as to another machine); the first
        // output is then gone, data included.
        string second = TempFiles.Folder();
        Directory.CreateDirectory(Path.Combine(second, relative));
        File.Copy(Path.Combine(first, Reproducer.MarkerFile), Path.Combine(second, Reproducer.MarkerFile));
        foreach (string file in Directory.EnumerateFiles(training.RunPath))
            File.Copy(file, Path.Combine(second, relative, Path.GetFileName(file)));
        Directory.Delete(first, recursive: true);
        var resumed = Reproducer.Run(SmokePreset.Request(second, odeOnly));

        Assert.Equal(ReproductionStatus.Completed, resumed.Status);
        Assert.Equal(JobOutcome.Resumed, resumed.Jobs.First(j => j.Kind == JobKind.Training).Outcome);
        var uninterrupted = new RunDirectory(Path.Combine(smoke.Output, relative));
        var run = new RunDirectory(Path.Combine(second, relative));
        Assert.Equal(File.ReadAllBytes(uninterrupted.WeightsPath), File.ReadAllBytes(run.WeightsPath));
        Assert.Equal(LossLog.Read(uninterrupted.LogPath).Select(r => (r.Step, r.TrainLoss, r.TestLoss)),
            LossLog.Read(run.LogPath).Select(r => (r.Step, r.TrainLoss, r.TestLoss)));
    }

    [Fact]
    public async Task TwoReproductionsInOneFolderDoEachPieceOfWorkOnce()
    {
        string output = TempFiles.Folder();
        var odeOnly = new HashSet<ReproductionSuite> { ReproductionSuite.Ode };
        var firstIsTraining = new TaskCompletionSource();
        int waits = 0;
        bool IsWait(ReproductionProgress p) => p.Task.EndsWith(": waiting for another dgnet process working on it", StringComparison.Ordinal);
        var first = Task.Run(() => Reproducer.Run(SmokePreset.Request(output, odeOnly), new Sink(p =>
        {
            if (p.Task.Contains(": training step ", StringComparison.Ordinal)) firstIsTraining.TrySetResult();
            if (IsWait(p)) Interlocked.Increment(ref waits);
        })));
        await firstIsTraining.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var second = Reproducer.Run(SmokePreset.Request(output, odeOnly), new Sink(p =>
        {
            if (IsWait(p)) Interlocked.Increment(ref waits);
        }));
        var firstResult = await first.WaitAsync(TimeSpan.FromMinutes(5));

        Assert.Equal((ReproductionStatus.Completed, ReproductionStatus.Completed), (firstResult.Status, second.Status));
        // The second started while the first was at work, so one waited for a piece the other had claimed; whichever
        // did a piece, the other reused it, and the results are those of a single session.
        Assert.True(waits > 0);
        Assert.Equal(JobOutcome.Computed, firstResult.Jobs[0].Outcome); // the data, made before the second began
        var secondOutcomes = second.Jobs.ToDictionary(j => (j.Kind, j.Path), j => j.Outcome);
        Assert.Equal(firstResult.Jobs.Count, secondOutcomes.Count);
        Assert.All(firstResult.Jobs, job => Assert.Equal([JobOutcome.Reused, JobOutcome.Computed],
            new[] { job.Outcome, secondOutcomes[(job.Kind, job.Path)] }.Order()));
        var reference = smoke.Result.Rows.Where(r => r.Dataset.Key == "mass-spring").Select(r => (r.Derivative, r.Energy, r.State)).ToList();
        Assert.Equal(reference, firstResult.Rows.Select(r => (r.Derivative, r.Energy, r.State)));
        Assert.Equal(reference, second.Rows.Select(r => (r.Derivative, r.Energy, r.State)));
    }

    [Fact]
    public void ATrainingAnotherSessionIsDoingIsPutOffUntilNothingElseIsLeft()
    {
        string output = TempFiles.Folder();
        var request = SmokePreset.Request(output, new HashSet<ReproductionSuite> { ReproductionSuite.Ode });
        var trainings = ReproductionPlan.Build(request).Datasets.Single().Trainings;
        // Another session holds the first training (as a process training it would).
        var other = WorkLock.TryAcquire(output, trainings[0].RunPath)!;
        var finishedWhenWaiting = new List<bool>();
        var result = Reproducer.Run(request, new Sink(p =>
        {
            if (!p.Task.StartsWith($"{trainings[0].Name}: training: waiting", StringComparison.Ordinal)) return;
            finishedWhenWaiting.AddRange(trainings.Skip(1).SelectMany(t => t.Predictions.Concat(t.OrbitPredictions)).Select(q => File.Exists(q.Path)));
            other.Dispose(); // the other session stops; this one then does the training itself
        }));

        Assert.Equal(ReproductionStatus.Completed, result.Status);
        // It waited only once every other row was trained and predicted.
        Assert.Equal(trainings.Skip(1).Sum(t => t.Predictions.Count + t.OrbitPredictions.Count), finishedWhenWaiting.Count);
        Assert.All(finishedWhenWaiting, Assert.True);
        var trainingJobs = result.Jobs.Where(j => j.Kind == JobKind.Training).ToList();
        Assert.Equal([.. trainings.Skip(1).Select(t => t.Name), trainings[0].Name], trainingJobs.Select(j => j.Name));
        Assert.All(result.Jobs, job => Assert.Equal(JobOutcome.Computed, job.Outcome));
        var reference = smoke.Result.Rows.Where(r => r.Dataset.Key == "mass-spring").Select(r => (r.Derivative, r.Energy, r.State)).ToList();
        Assert.Equal(reference, result.Rows.Select(r => (r.Derivative, r.Energy, r.State)));
    }

    [Fact]
    public void AFolderThatIsNotAReproductionsOutputIsNeverWrittenInto()
    {
        string output = TempFiles.Folder();
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");
        var e = Assert.Throws<IOException>(() => Reproducer.Run(SmokePreset.Request(output)));
        Assert.Equal($"--out {output}: the folder exists and is not the output of dgnet reproduce (no {Reproducer.MarkerFile}); choose another folder", e.Message);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
    }

    private sealed class Sink(Action<ReproductionProgress> report) : IProgress<ReproductionProgress>
    {
        public void Report(ReproductionProgress value) => report(value);
    }
}
