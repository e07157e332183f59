using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DGNet.Data;
using DGNet.Evaluation;
using DGNet.Models;
using DGNet.Systems;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Reproduction;

/// <summary>
/// One session of <see cref="Reproducer.Run"/>: works through the plan dataset by dataset (data and its reference
/// orbits, then each training followed by its predictions, then the long rollouts), reusing whatever is finished,
/// then collects the rows and writes the tables, figures and report. Sessions may share an output folder: a training
/// another session is doing is put off until nothing else is left and then waited for, so that two sessions of the
/// same request split the trainings between them; shorter pieces held by another are waited for at once.
/// </summary>
internal sealed class ReproductionSession
{
    /// <summary>Written into a run directory whose training diverged, so that reruns do not repeat it.</summary>
    public const string DivergedFile = "diverged.json";

    private readonly ReproductionRequest request;
    private readonly ReproductionPlan plan;
    private readonly IProgress<ReproductionProgress>? progress;
    private readonly CancellationToken cancellation;
    private readonly List<JobRecord> jobs = [];
    private ProgressTracker tracker = null!;
    private TrainingCosts trainingCosts = null!;
    private string? current;

    public ReproductionSession(ReproductionRequest request, ReproductionPlan plan, IProgress<ReproductionProgress>? progress,
        CancellationToken cancellation)
    {
        this.request = request;
        this.plan = plan;
        this.progress = progress;
        this.cancellation = cancellation;
    }

    public ReproductionResult Run()
    {
        var clock = Stopwatch.StartNew();
        int threads = get_num_threads();
        set_num_threads(request.Threads);
        try
        {
            trainingCosts = TrainingCosts.Read(plan, DateTime.UtcNow);
            var pending = PendingCosts();
            tracker = new ProgressTracker(pending.Sum(), pending.Count, progress);
            try
            {
                // Trainings another session is doing are put off (with their long rollouts) while other work remains.
                var deferred = new List<(DatasetPlan Dataset, TrainingPlan Training)>();
                foreach (var dataset in plan.Datasets)
                    foreach (var dataPlan in dataset.Data)
                    {
                        using var data = EnsureData(dataset.Preset, dataPlan);
                        using var orbits = dataPlan.Orbits is { } orbitPlan ? EnsureData(dataset.Preset, orbitPlan, "reference orbits") : null;
                        foreach (var training in dataset.Trainings.Where(t => t.Data == dataPlan))
                            if (!EnsureRow(training, data, orbits, wait: false)) deferred.Add((dataset, training));
                        foreach (var rollout in dataset.LongRollouts.Where(r => r.Training.Data == dataPlan))
                            if (!deferred.Any(d => ReferenceEquals(d.Training, rollout.Training))) EnsureLongRollout(rollout, data);
                    }
                foreach (var (dataset, training) in deferred)
                {
                    using var data = Dataset.Load(training.Data.Path);
                    using var orbits = training.Data.Orbits is { } orbitPlan ? Dataset.Load(orbitPlan.Path) : null;
                    EnsureRow(training, data, orbits, wait: true);
                    foreach (var rollout in dataset.LongRollouts.Where(r => ReferenceEquals(r.Training, training))) EnsureLongRollout(rollout, data);
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return new ReproductionResult
                {
                    Status = ReproductionStatus.Interrupted, Plan = plan, Jobs = jobs, InterruptedDuring = current, Elapsed = clock.Elapsed,
                };
            }

            tracker.Begin("tables, figures and report", FinishingCost);
            var result = ReproductionOutputs.Write(plan, request, jobs);
            tracker.Complete();
            return result with { Elapsed = clock.Elapsed };
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    /// <summary>Estimated cost of the tables, figures and report.</summary>
    private double FinishingCost => 1 + 0.5 * plan.Datasets.Count;

    /// <summary>The estimated cost of each piece of work that is not finished yet.</summary>
    private List<double> PendingCosts()
    {
        var costs = new List<double>();
        foreach (var dataset in plan.Datasets)
        {
            var preset = dataset.Preset;
            costs.AddRange(dataset.Data.Concat(dataset.Data.Select(d => d.Orbits).OfType<DataPlan>())
                .Where(d => !File.Exists(d.Path)).Select(_ => CostModel.Data(preset)));
            foreach (var training in dataset.Trainings)
            {
                if (!IsFinished(training)) costs.Add(TrainingCost(training, DoneFraction(training)));
                costs.AddRange(training.Predictions.Concat(training.OrbitPredictions).Where(p => !File.Exists(p.Path))
                    .Select(p => CostModel.Prediction(preset, p.Solver, p.OnReferenceOrbits)));
            }
            costs.AddRange(dataset.LongRollouts.Where(r => !File.Exists(r.Path)).Select(r => CostModel.LongRollout(preset, r.Solver, r.Steps)));
        }
        costs.Add(FinishingCost);
        return costs;
    }

    /// <summary>What is left of a training, <paramref name="done"/> of which is done: measured from the folder when it can be,
    /// else the cost model's share.</summary>
    private double TrainingCost(TrainingPlan training, double done) =>
        trainingCosts.Of(training) ?? CostModel.Training(training.Dataset, training.Row) * (1 - done);

    private bool IsFinished(TrainingPlan training)
    {
        var directory = new RunDirectory(training.RunPath);
        return (File.Exists(directory.WeightsPath) || File.Exists(Path.Combine(training.RunPath, DivergedFile)));
    }

    /// <summary>The share of an interrupted training already done, from its log.</summary>
    private double DoneFraction(TrainingPlan training)
    {
        string log = new RunDirectory(training.RunPath).LogPath;
        if (!File.Exists(log)) return 0;
        try
        {
            var rows = LossLog.Read(log);
            return rows.Count == 0 ? 0 : Math.Clamp((double)rows[^1].Step / training.Options.Steps, 0, 1);
        }
        catch (DataFileException)
        {
            return 0;
        }
    }

    private Dataset EnsureData(DatasetPreset preset, DataPlan dataset, string what = "data")
    {
        string name = dataset.Seed is { } seed ? $"{preset.Title}: {what}, seed {seed}" : $"{preset.Title}: {what}";
        if (File.Exists(dataset.Path))
        {
            jobs.Add(new JobRecord(JobKind.Data, name, dataset.Path, JobOutcome.Reused, 0));
            return Dataset.Load(dataset.Path);
        }
        using (Claim(dataset.Path, name))
        {
            if (File.Exists(dataset.Path))
                FinishedElsewhere(JobKind.Data, name, dataset.Path, CostModel.Data(preset));
            else
            {
                Begin(name, CostModel.Data(preset));
                var clock = Stopwatch.StartNew();
                var source = dataset.Source;
                Dataset made;
                if (source.LipsonFile is { } file)
                    made = LipsonPendulum.Import(file, source.LipsonSegments);
                else
                {
                    var system = SystemRegistry.Create(source.System!, source.Grid);
                    made = DatasetGenerator.Generate(system, source.Settings!, new Progress(f => tracker.Advance(f)), cancellation);
                }
                using (made)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(dataset.Path)!);
                    made.Save(dataset.Path, overwrite: true);
                }
                Complete(JobKind.Data, name, dataset.Path, JobOutcome.Computed, clock);
            }
        }
        // Loaded back so that runs record the file (path and hash) they learned from.
        return Dataset.Load(dataset.Path);
    }

    /// <summary>
    /// Trains (or reuses) a row's model and makes its predictions. Returns false, having done nothing, when
    /// <paramref name="wait"/> is false and another session is doing the training.
    /// </summary>
    private bool EnsureRow(TrainingPlan training, Dataset data, Dataset? orbits, bool wait)
    {
        if (!EnsureTraining(training, data, wait, out int? divergedAt)) return false;
        EnsurePredictions(training, training.Predictions, data, divergedAt);
        if (orbits is not null) EnsurePredictions(training, training.OrbitPredictions, orbits, divergedAt);
        return true;
    }

    /// <summary>
    /// Trains (or resumes, or reuses) a row's model, setting <paramref name="divergedAt"/> to the step its loss diverged
    /// at, if it did. Returns false, having done nothing, when <paramref name="wait"/> is false and another session holds
    /// the training.
    /// </summary>
    private bool EnsureTraining(TrainingPlan training, Dataset data, bool wait, out int? divergedAt)
    {
        string name = training.Name;
        if (TryReuseTraining(training, out divergedAt)) return true;
        using var claim = wait ? Claim(training.RunPath, $"{name}: training") : WorkLock.TryAcquire(plan.Output, training.RunPath);
        if (claim is null) return false;
        double done = DoneFraction(training);
        double cost = TrainingCost(training, done);
        if (TryReuseTraining(training, out divergedAt))
        {
            FinishedElsewhere(null, $"{name}: training", training.RunPath, cost);
            return true;
        }

        var directory = new RunDirectory(training.RunPath);
        Begin($"{name}: training", cost, shown: done);
        var clock = Stopwatch.StartNew();
        bool resume = File.Exists(directory.CheckpointPath) && File.Exists(directory.DescriptionPath);
        TrainingRun run;
        if (resume)
            run = TrainingRun.Resume(training.RunPath, data, allowDataChange: request.AllowDataChange);
        else
        {
            var spec = ModelSetup.Spec(data, training.Choices);
            run = TrainingRun.Start(training.RunPath, data, spec, training.Options, force: true);
        }
        TrainingResult result;
        using (run)
        {
            int start = run.CompletedSteps;
            var report = new TrainingReport(p => tracker.Advance(
                (double)(p.Step - start) / Math.Max(1, p.TotalSteps - start),
                string.Create(CultureInfo.InvariantCulture, $"{name}: training step {p.Step}/{p.TotalSteps}, loss {p.Loss:0.00e+00}"),
                shown: (double)p.Step / Math.Max(1, p.TotalSteps)));
            result = run.Run(report, cancellation);
        }
        switch (result.Status)
        {
            case TrainingStatus.Completed:
                Complete(JobKind.Training, name, training.RunPath, resume ? JobOutcome.Resumed : JobOutcome.Computed, clock);
                return true;
            case TrainingStatus.Cancelled:
                jobs.Add(new JobRecord(JobKind.Training, name, training.RunPath, JobOutcome.Interrupted, clock.Elapsed.TotalSeconds));
                throw new OperationCanceledException(cancellation);
            default:
                File.WriteAllText(Path.Combine(training.RunPath, DivergedFile),
                    JsonSerializer.Serialize(new { step = result.Step, checkpoint_step = result.CheckpointStep }) + "\n");
                Complete(JobKind.Training, name, training.RunPath, JobOutcome.Diverged, clock);
                divergedAt = result.Step;
                return true;
        }
    }

    /// <summary>Records a training that is finished (or diverged) as reused; false when it is not.</summary>
    private bool TryReuseTraining(TrainingPlan training, out int? divergedAt)
    {
        divergedAt = null;
        string divergedPath = Path.Combine(training.RunPath, DivergedFile);
        if (File.Exists(new RunDirectory(training.RunPath).WeightsPath))
            jobs.Add(new JobRecord(JobKind.Training, training.Name, training.RunPath, JobOutcome.Reused, 0));
        else if (File.Exists(divergedPath))
        {
            jobs.Add(new JobRecord(JobKind.Training, training.Name, training.RunPath, JobOutcome.Diverged, 0));
            divergedAt = ReadDivergedStep(divergedPath);
        }
        else return false;
        return true;
    }

    /// <summary>The step recorded in a <see cref="DivergedFile"/> (0 when it is unreadable).</summary>
    internal static int? ReadDivergedStep(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            return json.RootElement.TryGetProperty("step", out var step) && step.TryGetInt32(out int value) ? value : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Makes (or reuses) <paramref name="predictions"/> of a training on <paramref name="data"/>'s test split, with the
    /// derivative error on the same test states.
    /// </summary>
    private void EnsurePredictions(TrainingPlan training, IReadOnlyList<PredictionPlan> predictions, Dataset data, int? divergedAt)
    {
        PhysicsModel? model = null;
        (double Value, double Seconds)? derivative = null;
        try
        {
            foreach (var prediction in predictions)
            {
                if (File.Exists(prediction.Path))
                {
                    jobs.Add(new JobRecord(JobKind.Prediction, prediction.Name, prediction.Path, JobOutcome.Reused, 0));
                    continue;
                }
                if (divergedAt is not null)
                {
                    jobs.Add(new JobRecord(JobKind.Prediction, prediction.Name, prediction.Path, JobOutcome.Skipped, 0));
                    continue;
                }
                double cost = CostModel.Prediction(training.Dataset, prediction.Solver, prediction.OnReferenceOrbits);
                using var claim = Claim(prediction.Path, prediction.Name);
                if (File.Exists(prediction.Path))
                {
                    FinishedElsewhere(JobKind.Prediction, prediction.Name, prediction.Path, cost);
                    continue;
                }
                Begin(prediction.Name, cost);
                var clock = Stopwatch.StartNew();
                model ??= new RunDirectory(training.RunPath).LoadModel();
                if (derivative is null)
                {
                    var derivativeClock = Stopwatch.StartNew();
                    double value = Evaluator.DerivativeError(model, data, data.TestTrajectories);
                    derivative = (value, derivativeClock.Elapsed.TotalSeconds);
                }
                var rolloutClock = Stopwatch.StartNew();
                int steps = Math.Min(training.Dataset.RolloutSteps ?? data.TimePoints - 1, data.TimePoints - 1);
                var (evaluation, arrays) = RowEvaluation.Predict(model, data, training.Row.TrainingSolver, derivative.Value.Value,
                    prediction.Solver, steps, training.Dataset.Dopri5);
                var metrics = new PredictionMetrics(evaluation, data.TestTrajectories, rolloutClock.Elapsed.TotalSeconds, derivative.Value.Seconds);
                StoredPrediction.Write(prediction.Path, arrays, metrics);
                Complete(JobKind.Prediction, prediction.Name, prediction.Path, JobOutcome.Computed, clock);
            }
        }
        finally
        {
            model?.Dispose();
        }
    }

    private void EnsureLongRollout(LongRolloutPlan rollout, Dataset data)
    {
        if (File.Exists(rollout.Path))
        {
            jobs.Add(new JobRecord(JobKind.LongRollout, rollout.Name, rollout.Path, JobOutcome.Reused, 0));
            return;
        }
        if (!File.Exists(new RunDirectory(rollout.Training.RunPath).WeightsPath))
        {
            jobs.Add(new JobRecord(JobKind.LongRollout, rollout.Name, rollout.Path, JobOutcome.Skipped, 0));
            return;
        }
        double cost = CostModel.LongRollout(rollout.Training.Dataset, rollout.Solver, rollout.Steps);
        using var claim = Claim(rollout.Path, rollout.Name);
        if (File.Exists(rollout.Path))
        {
            FinishedElsewhere(JobKind.LongRollout, rollout.Name, rollout.Path, cost);
            return;
        }
        Begin(rollout.Name, cost);
        var clock = Stopwatch.StartNew();
        using var model = new RunDirectory(rollout.Training.RunPath).LoadModel();
        var (metrics, arrays) = RowEvaluation.LongRollout(model, data, data.TestTrajectories[0], rollout.Solver, rollout.Steps,
            rollout.Training.Dataset.Dopri5);
        StoredPrediction.Write(rollout.Path, arrays, metrics);
        Complete(JobKind.LongRollout, rollout.Name, rollout.Path, JobOutcome.Computed, clock);
    }

    /// <summary>
    /// Claims the piece of work at <paramref name="path"/> for this process, waiting (and saying so) while another
    /// <c>dgnet reproduce</c> on the same output folder works on it.
    /// </summary>
    private WorkLock Claim(string path, string name) =>
        WorkLock.Acquire(plan.Output, path, () => Begin($"{name}: waiting for another dgnet process working on it", 0), cancellation);

    /// <summary>
    /// A piece of work another process finished while this one waited for it: reused, and its estimated cost counted as
    /// done. <paramref name="kind"/> is null when the reuse is already recorded.
    /// </summary>
    private void FinishedElsewhere(JobKind? kind, string name, string path, double cost)
    {
        if (kind is { } k) jobs.Add(new JobRecord(k, name, path, JobOutcome.Reused, 0));
        Begin(name, cost);
        tracker.Complete();
    }

    private void Begin(string name, double cost, double shown = 0)
    {
        cancellation.ThrowIfCancellationRequested();
        current = name;
        tracker.Begin(name, cost, shown);
    }

    private void Complete(JobKind kind, string name, string path, JobOutcome outcome, Stopwatch clock)
    {
        jobs.Add(new JobRecord(kind, name, path, outcome, clock.Elapsed.TotalSeconds));
        tracker.Complete();
    }

    /// <summary>A synchronous progress sink (System.Progress would post to another thread).</summary>
    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    private sealed class TrainingReport(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
