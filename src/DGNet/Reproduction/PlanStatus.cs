using System.Globalization;
using System.Text;
using DGNet.Data;
using DGNet.Training;

namespace DGNet.Reproduction;

/// <summary>
/// Where an output folder stands on a plan (<c>dgnet reproduce --status</c>): each dataset, training (with its
/// predictions) and long rollout as done, running in another process, stopped with a checkpoint, diverged or not started,
/// with a started training's step, training time and time left (a training not started judged by the finished seeds of
/// its row). Read from the folder's files and locks alone: nothing is
/// computed, created or written, so it may be asked at any time, also while other processes work in the folder (the
/// check of a lock holds it for an instant, which a process claiming that piece at the same moment takes as busy and
/// retries later).
/// </summary>
public sealed class PlanStatus
{
    private readonly Dictionary<TrainingPlan, WorkStatus> trainings;

    private PlanStatus(ReproductionPlan plan, IReadOnlyList<WorkStatus> entries, Dictionary<TrainingPlan, WorkStatus> trainings)
    {
        Plan = plan;
        Entries = entries;
        this.trainings = trainings;
    }

    /// <summary>The plan read.</summary>
    public ReproductionPlan Plan { get; }

    /// <summary>Every dataset (and reference-orbit set), training and long rollout of the plan, in the plan's order.</summary>
    public IReadOnlyList<WorkStatus> Entries { get; }

    /// <summary>The entry of one of the plan's trainings.</summary>
    public WorkStatus Of(TrainingPlan training) => trainings[training];

    /// <summary>Reads where <paramref name="plan"/>'s output folder stands at <paramref name="now"/> (UTC).</summary>
    public static PlanStatus Read(ReproductionPlan plan, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var entries = new List<WorkStatus>();
        var trainings = new List<(TrainingPlan Plan, int Index)>();
        foreach (var dataset in plan.Datasets)
        {
            var preset = dataset.Preset;
            foreach (var data in dataset.Data)
            {
                string suffix = data.Seed is { } seed ? $", seed {seed}" : "";
                entries.Add(new WorkStatus(JobKind.Data, $"{preset.Title}: data{suffix}", FileState(plan.Output, data.Path)));
                if (data.Orbits is { } orbits)
                    entries.Add(new WorkStatus(JobKind.Data, $"{preset.Title}: reference orbits{suffix}", FileState(plan.Output, orbits.Path)));
                foreach (var training in dataset.Trainings.Where(t => t.Data == data))
                {
                    trainings.Add((training, entries.Count));
                    entries.Add(Training(plan.Output, training, now));
                }
            }
            foreach (var rollout in dataset.LongRollouts)
                entries.Add(new WorkStatus(JobKind.LongRollout, rollout.Name, FileState(plan.Output, rollout.Path)));
        }
        // A training not started takes about as long as the finished ones of its row (the same dataset and model
        // trained the same way, other seeds).
        foreach (var row in trainings.GroupBy(t => (t.Plan.Dataset.Key, t.Plan.Row.Model, t.Plan.Row.TrainingSolver)))
        {
            var times = row.Select(t => entries[t.Index]).Where(e => e.State == WorkState.Done && e.TrainingSeconds is not null)
                .Select(e => e.TrainingSeconds!.Value).ToList();
            if (times.Count == 0) continue;
            foreach (var (_, index) in row.Where(t => entries[t.Index].State == WorkState.NotStarted))
                entries[index] = entries[index] with { Left = TimeSpan.FromSeconds(times.Average()) };
        }
        return new PlanStatus(plan, entries,
            new Dictionary<TrainingPlan, WorkStatus>(trainings.Select(t => KeyValuePair.Create(t.Plan, entries[t.Index])),
                ReferenceEqualityComparer.Instance));
    }

    /// <summary>A summary (counts and the time the started trainings still need) and one line per entry.</summary>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var data = Entries.Where(e => e.Kind == JobKind.Data).ToList();
        var trainings = Entries.Where(e => e.Kind == JobKind.Training).ToList();
        var rollouts = Entries.Where(e => e.Kind == JobKind.LongRollout).ToList();
        text.Append(c, $"{Plan.Output}: datasets {Count(data)}; trainings {Count(trainings)}; ");
        text.Append(c, $"predictions {trainings.Sum(t => t.PredictionsDone)} of {trainings.Sum(t => t.Predictions)} done");
        if (rollouts.Count > 0) text.Append(c, $"; long rollouts {Count(rollouts)}");
        text.AppendLine(".");
        var started = trainings.Where(t => t.Left is not null && t.State != WorkState.NotStarted).ToList();
        var judged = trainings.Where(t => t.Left is not null && t.State == WorkState.NotStarted).ToList();
        int unknown = trainings.Count(t => t.Left is null && t.State is WorkState.NotStarted or WorkState.Running or WorkState.Stopped);
        if (started.Count + judged.Count > 0)
        {
            var parts = new List<string>();
            if (started.Count > 0) parts.Add($"{Duration(Sum(started))} for the {Plural(started.Count, "started training")} at {(started.Count == 1 ? "its" : "their")} recent rate{(started.Count == 1 ? "" : "s")}");
            if (judged.Count > 0) parts.Add($"{Duration(Sum(judged))} for {Plural(judged.Count, "training")} not started, judged by the finished ones of {(judged.Count == 1 ? "its row" : "their rows")}");
            text.Append(c, $"Training time left, one training after another: about {Duration(Sum(started) + Sum(judged))} ({string.Join("; ", parts)})");
            text.AppendLine(unknown > 0 ? string.Create(c, $", besides {Plural(unknown, "training")} with nothing to judge by yet.") : ".");
        }
        text.AppendLine();
        int width = Entries.Count == 0 ? 0 : Entries.Max(e => e.Name.Length);
        foreach (var entry in Entries) text.AppendLine($"{entry.Name.PadRight(width)}  {Describe(entry)}");
        return text.ToString();
    }

    private static WorkStatus Training(string output, TrainingPlan training, DateTime now)
    {
        string name = $"{training.Name}: training";
        var predictions = training.Predictions.Concat(training.OrbitPredictions).ToList();
        int predictionsDone = predictions.Count(p => File.Exists(p.Path));
        var directory = new RunDirectory(training.RunPath);
        int steps = training.Options.Steps;
        WorkStatus Entry(WorkState state, int? step = null, double? seconds = null, double? rate = null, TimeSpan? age = null) =>
            new(JobKind.Training, name, state, step, steps, seconds, rate, age, predictionsDone, predictions.Count);

        if (File.Exists(directory.WeightsPath))
        {
            var outcome = ReadOrNull(directory.ReadDescription)?.Result;
            return Entry(WorkState.Done, outcome?.Steps, outcome?.WallSeconds);
        }
        string diverged = Path.Combine(training.RunPath, ReproductionSession.DivergedFile);
        if (File.Exists(diverged)) return Entry(WorkState.Diverged, ReproductionSession.ReadDivergedStep(diverged));

        var state = WorkLock.IsHeld(output, training.RunPath) ? WorkState.Running
            : File.Exists(directory.CheckpointPath) ? WorkState.Stopped : WorkState.NotStarted;
        if (state == WorkState.NotStarted) return Entry(state);
        var checkpoint = ReadOrNull(() => Checkpoint.ReadProgress(directory.CheckpointPath));
        var log = File.Exists(directory.LogPath) ? ReadOrNull(() => LossLog.Read(directory.LogPath)) : null;
        // The latest record of the run: its checkpoint, or the last row of its log when that is further on.
        var (step, seconds, file) = checkpoint is null ? (0, 0.0, null as string) : (checkpoint.Step, checkpoint.WallSeconds, directory.CheckpointPath);
        if (log is { Count: > 0 } && log[^1].Step > step) (step, seconds, file) = (log[^1].Step, log[^1].WallSeconds, directory.LogPath);
        if (file is null) return Entry(state);
        var age = now - File.GetLastWriteTimeUtc(file);
        double? rate = RecentSecondsPerStep(log, step, seconds);
        return Entry(state, step, seconds, rate, age < TimeSpan.Zero ? TimeSpan.Zero : age) with
        {
            Left = rate is double r ? TimeSpan.FromSeconds(r * Math.Max(steps - step, 0)) : null,
        };
    }

    /// <summary>Training time per step over the last logged interval, or over the whole run when the log has fewer than
    /// two rows.</summary>
    private static double? RecentSecondsPerStep(IReadOnlyList<(int Step, double TrainLoss, double TestLoss, double WallSeconds)>? log,
        int step, double seconds)
    {
        if (log is { Count: >= 2 } && log[^1].Step > log[^2].Step && log[^1].WallSeconds >= log[^2].WallSeconds)
            return (log[^1].WallSeconds - log[^2].WallSeconds) / (log[^1].Step - log[^2].Step);
        return step > 0 ? seconds / step : null;
    }

    /// <summary>A run file's content, or null while it is being replaced or appended to (or when damaged: resuming says so).</summary>
    private static T? ReadOrNull<T>(Func<T> read) where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is DataFileException or IOException)
        {
            return null;
        }
    }

    private static WorkState FileState(string output, string path) =>
        File.Exists(path) ? WorkState.Done : WorkLock.IsHeld(output, path) ? WorkState.Running : WorkState.NotStarted;

    private static string Count(IReadOnlyList<WorkStatus> entries)
    {
        var c = CultureInfo.InvariantCulture;
        string count = string.Create(c, $"{entries.Count(e => e.State == WorkState.Done)} of {entries.Count} done");
        var others = new[] { (WorkState.Running, "running"), (WorkState.Stopped, "stopped"), (WorkState.Diverged, "diverged") }
            .Select(s => (n: entries.Count(e => e.State == s.Item1), s.Item2)).Where(s => s.n > 0).Select(s => string.Create(c, $"{s.n} {s.Item2}"));
        string more = string.Join(", ", others);
        return more.Length == 0 ? count : $"{count} ({more})";
    }

    private static string Describe(WorkStatus entry)
    {
        var c = CultureInfo.InvariantCulture;
        string predictions = entry.Kind == JobKind.Training && entry.Predictions > 0
            ? string.Create(c, $"; predictions {entry.PredictionsDone} of {entry.Predictions} done") : "";
        string at = entry.Step is int step && entry.Steps is int steps ? string.Create(c, $"step {step:N0} of {steps:N0}") : "";
        string time = entry.TrainingSeconds is double seconds && entry.Step > 0 ? $"{Duration(TimeSpan.FromSeconds(seconds))} of training" : "";
        string progress = string.Join(", ", new[]
        {
            at.Length > 0 && entry.StepAge is { } age ? $"{at} (recorded {Duration(age)} ago)" : at,
            time.Length > 0 ? time + " so far" : "",
            entry.SecondsPerStep is double rate ? string.Create(c, $"lately {rate:G3} s per step") : "",
            entry.Left is { } left ? $"about {Duration(left)} left" : "",
        }.Where(s => s.Length > 0));
        string text = entry.State switch
        {
            WorkState.Done when entry.Kind == JobKind.Training =>
                "done" + (at.Length > 0 ? string.Create(c, $": {entry.Step:N0} steps") + (time.Length > 0 ? $", {time}" : "") : ""),
            WorkState.Done => "done",
            WorkState.Diverged => "diverged" + (entry.Step is int s ? string.Create(c, $" at step {s:N0}") : "") + " (not repeated; its predictions are skipped)",
            WorkState.Running => "running in another process" + (progress.Length > 0 ? $": {progress}" : ""),
            WorkState.Stopped => $"stopped{(progress.Length > 0 ? $": {progress}" : " with a checkpoint")}; the same command continues it",
            _ => "not started" + (entry.Left is { } estimate ? $" (about {Duration(estimate)} of training, as the finished seeds of its row took)" : ""),
        };
        return text + predictions;
    }

    private static TimeSpan Sum(IEnumerable<WorkStatus> entries) => TimeSpan.FromSeconds(entries.Sum(e => e.Left!.Value.TotalSeconds));

    private static string Plural(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    /// <summary>A duration in the largest fitting unit: "42 s", "17 min", "18.5 h".</summary>
    public static string Duration(TimeSpan time) => time.TotalMinutes >= 90
        ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalHours:0.0} h")
        : time.TotalSeconds >= 90 ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalMinutes:0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0} s");
}
