using System.Diagnostics;
using DGNet.Data;
using DGNet.Models;
using static TorchSharp.torch;

namespace DGNet.Training;

/// <summary>
/// A training run on disk (<see cref="RunDirectory"/>): starts a new run or resumes one from its checkpoint, and
/// trains, writing the log at log intervals (with the test loss, so that it does not slow the steps), checkpoints
/// atomically at checkpoint intervals (in steps, and at most <see cref="CheckpointInterval"/> of wall time apart, so
/// that a killed slow run loses little), at the end and when cancelled, and the final weights with the completed
/// description. Reproducible: the same data, options and thread count give the same log and weights, whether or not
/// the run was interrupted and resumed in between. A non-finite loss ends the run without writing another
/// checkpoint. Between log rows, checkpoints and progress reports nothing is read back from the tensors.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    /// <summary>Most test pairs the logged test loss is computed on (evenly spaced over the test split), so that a log
    /// row costs no more than a few training steps; <c>dgnet eval</c> measures on the whole test split.</summary>
    public const int TestPairLimit = 256;

    /// <summary>Least time between two progress reports (each reads the loss back).</summary>
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(200);

    private readonly TrainingPairs train;
    private readonly TrainingPairs test;
    private readonly LossLog log;
    private CheckpointProgress start;

    private TrainingRun(RunDirectory directory, RunDescription description, PhysicsModel model, TrainingPairs train,
        TrainingPairs test, LossLog log, CheckpointProgress start, Trainer trainer)
    {
        Directory = directory;
        Description = description;
        Model = model;
        this.train = train;
        this.test = test;
        this.log = log;
        this.start = start;
        Trainer = trainer;
    }

    /// <summary>The run's folder and files.</summary>
    public RunDirectory Directory { get; }

    /// <summary>The run's description (model.json).</summary>
    public RunDescription Description { get; private set; }

    /// <summary>The model being trained.</summary>
    public PhysicsModel Model { get; }

    /// <summary>The optimisation loop.</summary>
    public Trainer Trainer { get; }

    /// <summary>The data change this resume accepted and recorded; null when it resumed on the run's own data.</summary>
    public DataChange? AcceptedDataChange { get; private init; }

    /// <summary>Steps completed.</summary>
    public int CompletedSteps => Trainer.CompletedSteps;

    /// <summary>
    /// Longest wall time between two checkpoints (default 10 minutes), besides the checkpoint every
    /// <see cref="TrainingOptions.CheckpointEvery"/> steps: a run killed without warning loses at most this much.
    /// Resuming is exact from any step, so when the checkpoints fall does not change the results.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Starts a new run in <paramref name="folder"/>: seeds libtorch with the options' seed, builds the model, writes
    /// model.json, an empty log and the checkpoint of step 0.
    /// </summary>
    /// <exception cref="IOException">The folder exists and is not empty, and <paramref name="force"/> is false.</exception>
    /// <exception cref="InvalidDataException">The spec does not fit the data.</exception>
    /// <exception cref="ArgumentException">An option is out of range or the solver does not fit the model.</exception>
    public static TrainingRun Start(string folder, Dataset data, ModelSpec spec, TrainingOptions options, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ModelSetup.CheckFits(spec, data);
        PhysicsModels.CheckTrainingSolver(spec.Model, options.Solver);
        Trainer.CheckAdjoint(spec.Model, options);
        var directory = new RunDirectory(folder);
        if (System.IO.Directory.Exists(folder) && System.IO.Directory.EnumerateFileSystemEntries(folder).Any())
        {
            if (!force)
                throw new IOException($"{folder}: the run directory already exists; pass --force to replace it or --resume to continue it");
            foreach (string file in directory.Files) File.Delete(file);
        }
        System.IO.Directory.CreateDirectory(folder);

        var model = PhysicsModels.Create(spec, options.Seed);
        var (trainPairs, testPairs) = Pairs(data, spec);
        var trainer = new Trainer(model, trainPairs, options with { Solver = PhysicsModels.CheckTrainingSolver(spec.Model, options.Solver) });
        var description = new RunDescription
        {
            Model = spec,
            Training = trainer.Options,
            Data = DataReference.Of(data),
            Threads = get_num_threads(),
        };
        directory.WriteDescription(description);
        var log = LossLog.Create(directory.LogPath);
        var origin = new CheckpointProgress(0, 0, 0, 0);
        Checkpoint.Write(directory.CheckpointPath, trainer, origin);
        return new TrainingRun(directory, description, model, trainPairs, testPairs, log, origin, trainer);
    }

    /// <summary>
    /// Resumes the run in <paramref name="folder"/> from its checkpoint, with the options recorded in its model.json;
    /// <paramref name="steps"/>, when given, changes the number of steps (to extend a finished run). The data must be
    /// the run's: the same bytes, or the same data regenerated on another machine (its probe values agree), or, with
    /// <paramref name="allowDataChange"/>, any data of the same size; a change is recorded in model.json.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFileException">The folder is not a run, or its checkpoint is missing or damaged.</exception>
    /// <exception cref="InvalidDataException">The data differ from the run's.</exception>
    /// <exception cref="ArgumentException"><paramref name="steps"/> is below the steps already done.</exception>
    public static TrainingRun Resume(string folder, Dataset data, int? steps = null, bool allowDataChange = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var directory = new RunDirectory(folder);
        var description = directory.ReadDescription();
        if (!File.Exists(directory.CheckpointPath))
            throw new DataFileException(folder, $"no {RunDirectory.CheckpointFile} to resume from");
        var change = CheckData(description.Data, data, allowDataChange);
        ModelSetup.CheckFits(description.Model, data);
        var options = description.Training with { Steps = steps ?? description.Training.Steps };
        options.Validate();

        var model = PhysicsModels.Create(description.Model, options.Seed);
        var (trainPairs, testPairs) = Pairs(data, description.Model);
        var trainer = new Trainer(model, trainPairs, options);
        var progress = Checkpoint.Read(directory.CheckpointPath, trainer);
        if (options.Steps < progress.Step)
            throw new ArgumentException($"--steps: the run has already taken {progress.Step} steps, more than {options.Steps}");
        if (options.Steps != description.Training.Steps || change is not null)
        {
            description = description with { Training = options };
            if (change is not null)
                description = description with
                {
                    Data = DataReference.Of(data),
                    DataChanges = [.. description.DataChanges ?? [], change with { Step = progress.Step }],
                };
            directory.WriteDescription(description);
        }
        var log = LossLog.ContinueAt(directory.LogPath, progress.Step);
        return new TrainingRun(directory, description, model, trainPairs, testPairs, log, progress, trainer)
        {
            AcceptedDataChange = change is null ? null : description.DataChanges![^1],
        };
    }

    /// <summary>
    /// Null when <paramref name="data"/> is the run's file; the change to record when it is the same data regenerated
    /// (by the probe) or a change <paramref name="allow"/>s; throws otherwise, and always when the split or the number
    /// of time points differ.
    /// </summary>
    private static DataChange? CheckData(DataReference recorded, Dataset data, bool allow)
    {
        string name = $"--data {data.SourcePath ?? "the data"}";
        if (data.ContentHash == recorded.Sha256) return null;
        if (data.TrainTrajectories.Length != recorded.TrainTrajectories || data.TestTrajectories.Length != recorded.TestTrajectories
            || data.TimePoints != recorded.TimePoints)
            throw new InvalidDataException(
                $"{name}: differs from the data the run was trained on ({recorded.Path}): {data.TrainTrajectories.Length} train / " +
                $"{data.TestTrajectories.Length} test trajectories of {data.TimePoints} points, not {recorded.TrainTrajectories} / " +
                $"{recorded.TestTrajectories} of {recorded.TimePoints}");
        double? deviation = recorded.Probe is null ? null : DataProbe.Deviation(recorded.Probe, DataProbe.Of(data));
        if (deviation <= DataProbe.Tolerance) return new DataChange(0, recorded.Path, recorded.Sha256, deviation, Allowed: false);
        if (allow) return new DataChange(0, recorded.Path, recorded.Sha256, deviation, Allowed: true);
        string probe = deviation is double d
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"its values differ by up to {d:0.##e+00} of their size")
            : "the run records no probe values to tell whether it is the same data regenerated on another machine";
        throw new InvalidDataException(
            $"{name}: differs from the data the run was trained on ({recorded.Path}, sha256 {recorded.Sha256[..Math.Min(12, recorded.Sha256.Length)]}...): " +
            $"{probe}; pass --allow-data-change to resume on it anyway (recorded in model.json)");
    }

    /// <summary>
    /// Trains up to the run's number of steps. Checks <paramref name="cancellation"/> after every step: when it is
    /// set, writes a checkpoint and returns <see cref="TrainingStatus.Cancelled"/>.
    /// </summary>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var options = Trainer.Options;
        var clock = Stopwatch.StartNew();
        double Wall() => start.WallSeconds + clock.Elapsed.TotalSeconds;
        var lastReport = TimeSpan.Zero;
        int checkpointStep = start.Step;
        var lastCheckpoint = TimeSpan.Zero;
        int intervalSteps = start.IntervalSteps;
        double? trainLoss = null, testLoss = null;

        using var intervalSum = tensor(start.IntervalLossSum, dtype: ScalarType.Float64);
        using var firstBadStep = tensor(long.MaxValue);
        using var noBadStep = tensor(long.MaxValue);
        using var lastLoss = zeros(1, dtype: ScalarType.Float64);

        for (int step = Trainer.CompletedSteps + 1; step <= options.Steps; step++)
        {
            using (var scope = NewDisposeScope())
            {
                var loss = Trainer.Step().to_type(ScalarType.Float64);
                intervalSum.add_(loss);
                lastLoss.copy_(loss);
                firstBadStep.copy_(minimum(firstBadStep, where(loss.isfinite(), noBadStep, tensor((long)step))));
            }
            intervalSteps++;

            bool logRow = step % options.LogEvery == 0 || step == options.Steps;
            bool checkpoint = step % options.CheckpointEvery == 0 || step == options.Steps
                || clock.Elapsed - lastCheckpoint >= CheckpointInterval;
            bool cancelled = cancellation.IsCancellationRequested;
            bool report = progress is not null && (clock.Elapsed - lastReport >= ReportInterval || step == options.Steps);
            if (!(logRow || checkpoint || cancelled || report)) continue;

            long bad = firstBadStep.item<long>();
            if (bad != long.MaxValue)
                return new TrainingResult(TrainingStatus.Diverged, (int)bad, checkpointStep, trainLoss, testLoss, Wall());
            if (logRow)
            {
                trainLoss = intervalSum.item<double>() / intervalSteps;
                testLoss = Trainer.Evaluate(test);
                log.Append(step, trainLoss.Value, testLoss.Value, Wall());
                intervalSum.zero_();
                intervalSteps = 0;
            }
            if (checkpoint || cancelled)
            {
                Checkpoint.Write(Directory.CheckpointPath, Trainer, new CheckpointProgress(step, Wall(), intervalSum.item<double>(), intervalSteps));
                checkpointStep = step;
                lastCheckpoint = clock.Elapsed;
            }
            if (report)
            {
                lastReport = clock.Elapsed;
                progress!.Report(new TrainingProgress(step, options.Steps, lastLoss.item<double>(), Wall()));
            }
            if (cancelled)
            {
                start = new CheckpointProgress(step, Wall(), intervalSum.item<double>(), intervalSteps);
                return new TrainingResult(TrainingStatus.Cancelled, step, step, trainLoss, testLoss, Wall());
            }
        }

        if (trainLoss is null)
        {
            var rows = LossLog.Read(Directory.LogPath);
            if (rows.Count > 0) (trainLoss, testLoss) = (rows[^1].TrainLoss, rows[^1].TestLoss);
        }
        ModelWeights.Save(Model, Directory.WeightsPath);
        Description = Description with
        {
            Result = new RunOutcome(Trainer.CompletedSteps, trainLoss ?? double.NaN, testLoss ?? double.NaN, Wall()),
        };
        Directory.WriteDescription(Description);
        return new TrainingResult(TrainingStatus.Completed, Trainer.CompletedSteps, Trainer.CompletedSteps, trainLoss, testLoss, Wall());
    }

    public void Dispose()
    {
        Trainer.Dispose();
        train.Dispose();
        test.Dispose();
        Model.Dispose();
    }

    private static (TrainingPairs Train, TrainingPairs Test) Pairs(Dataset data, ModelSpec spec)
    {
        var trainPairs = TrainingPairs.From(data, data.TrainTrajectories, spec.ScalarType);
        var testPairs = TrainingPairs.From(data, data.TestTrajectories, spec.ScalarType, TestPairLimit);
        return (trainPairs, testPairs);
    }

}
