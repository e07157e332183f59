using DGNet.Data;
using DGNet.Models;
using static TorchSharp.torch;

namespace DGNet.Training;

/// <summary>
/// Everything needed to continue a training run bit for bit, in one .npz file written atomically (temporary file,
/// then rename), so a crash at any moment leaves the previous checkpoint intact: the parameters ("param:NAME"),
/// Adam's moments ("adam_m:NAME", "adam_v:NAME") and step count, the training step, the training wall time and the
/// loss accumulated since the last log row. Minibatches need no stored state (see <see cref="Trainer"/>).
/// </summary>
public static class Checkpoint
{
    private const string ParameterPrefix = "param:";

    /// <summary>Writes the trainer's state at <paramref name="progress"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, Trainer trainer, CheckpointProgress progress)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(progress);
        var arrays = new Dictionary<string, NpyArray>(ModelWeights.ToArrays(trainer.Model, ParameterPrefix))
        {
            ["step"] = new NpyArray(new[] { (long)progress.Step }),
            ["wall_seconds"] = NpyArray.Scalar(progress.WallSeconds),
            ["interval_loss_sum"] = NpyArray.Scalar(progress.IntervalLossSum),
            ["interval_steps"] = new NpyArray(new[] { (long)progress.IntervalSteps }),
            ["adam_step"] = new NpyArray(new[] { trainer.Optimizer.StepCount }),
        };
        foreach (var (name, value) in trainer.Optimizer.StateTensors()) arrays[name] = NpyArray.FromTensor(value);
        Npz.Write(path, arrays, compress: false, overwrite: true);
    }

    /// <summary>Restores the model and optimizer of <paramref name="trainer"/> from <paramref name="path"/> and returns
    /// the progress stored with them.</summary>
    /// <exception cref="DataFileException">The file is unreadable or does not fit the trainer's model.</exception>
    public static CheckpointProgress Read(string path, Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var arrays = Npz.Read(path);
        var progress = RestoreParameters(arrays, path, trainer.Model);
        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, _) in trainer.Optimizer.StateTensors())
            if (arrays.TryGetValue(name, out var array)) state[name] = array.ToTensor();
        try
        {
            trainer.Optimizer.Restore(Integer(arrays, path, "adam_step"), state);
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException(path, e.Message, e);
        }
        trainer.CompletedSteps = progress.Step;
        return progress;
    }

    /// <summary>
    /// Restores only the parameters of <paramref name="model"/> from the checkpoint at <paramref name="path"/> (to look at
    /// an unfinished run's model, not to continue it) and returns the progress stored with them.
    /// </summary>
    /// <exception cref="DataFileException">The file is unreadable or does not fit the model.</exception>
    public static CheckpointProgress RestoreParameters(string path, PhysicsModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return RestoreParameters(Npz.Read(path), path, model);
    }

    private static CheckpointProgress RestoreParameters(IReadOnlyDictionary<string, NpyArray> arrays, string path, PhysicsModel model)
    {
        var progress = Progress(arrays, path);
        ModelWeights.Restore(model, arrays, path, ParameterPrefix);
        return progress;
    }

    /// <summary>The progress stored in the checkpoint at <paramref name="path"/>, without a model to restore.</summary>
    /// <exception cref="DataFileException">The file is unreadable or not a checkpoint.</exception>
    public static CheckpointProgress ReadProgress(string path) => Progress(Npz.Read(path), path);

    private static CheckpointProgress Progress(IReadOnlyDictionary<string, NpyArray> arrays, string path) =>
        new(checked((int)Integer(arrays, path, "step")), Real(arrays, path, "wall_seconds"),
            Real(arrays, path, "interval_loss_sum"), checked((int)Integer(arrays, path, "interval_steps")));

    private static long Integer(IReadOnlyDictionary<string, NpyArray> arrays, string path, string name) =>
        arrays.TryGetValue(name, out var a) && a.Rank == 0 && a.Data is long[] v ? v[0]
            : throw new DataFileException(path, $"missing the int64 scalar '{name}' of a checkpoint");

    private static double Real(IReadOnlyDictionary<string, NpyArray> arrays, string path, string name) =>
        arrays.TryGetValue(name, out var a) && a.Rank == 0 && a.Data is double[] v ? v[0]
            : throw new DataFileException(path, $"missing the float64 scalar '{name}' of a checkpoint");
}

/// <summary>Where a run stood when a checkpoint was written.</summary>
/// <param name="Step">Training steps completed.</param>
/// <param name="WallSeconds">Training time so far, over every session of the run.</param>
/// <param name="IntervalLossSum">Sum of the minibatch losses since the last log row.</param>
/// <param name="IntervalSteps">Steps since the last log row.</param>
public sealed record CheckpointProgress(int Step, double WallSeconds, double IntervalLossSum, int IntervalSteps);
