using DGNet.Data;
using DGNet.Models;
using DGNet.Training;

namespace DGNet.Cli.Commands;

/// <summary>
/// A run with the data it is applied to, checked to fit together before any work starts: a finished run with its final
/// weights, or (on request) any run as its latest checkpoint left it.
/// </summary>
internal sealed class TrainedRun : IDisposable
{
    private readonly bool fromCheckpoint;

    private TrainedRun(RunDirectory directory, RunDescription description, Dataset data, bool fromCheckpoint)
    {
        Directory = directory;
        Description = description;
        Data = data;
        this.fromCheckpoint = fromCheckpoint;
    }

    public RunDirectory Directory { get; }

    public RunDescription Description { get; }

    public Dataset Data { get; }

    /// <summary>
    /// Opens the run in <paramref name="runPath"/> (complete, with weights; or, with <paramref name="fromCheckpoint"/>,
    /// with a checkpoint) and the dataset <paramref name="dataPath"/>, and checks that the data have the model's state
    /// shape, grid and time step.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The run directory does not exist.</exception>
    /// <exception cref="DataFileException">The run is incomplete or damaged, or the data file is unreadable.</exception>
    /// <exception cref="InvalidDataException">The data do not fit the model.</exception>
    public static TrainedRun Open(string runPath, string dataPath, bool fromCheckpoint = false)
    {
        var directory = new RunDirectory(runPath);
        var description = fromCheckpoint ? directory.ReadDescription() : directory.ReadCompleted();
        if (fromCheckpoint && !File.Exists(directory.CheckpointPath))
            throw new DataFileException(directory.Path, $"no {RunDirectory.CheckpointFile} (made every --checkpoint-every steps of a training)");
        var data = Dataset.Load(dataPath, requireTrainAndTest: false);
        try
        {
            ModelSetup.CheckFits(description.Model, data);
        }
        catch
        {
            data.Dispose();
            throw;
        }
        return new TrainedRun(directory, description, data, fromCheckpoint);
    }

    /// <summary>The canonical prediction solver: the given one, or the one the model was trained with, checked to apply.</summary>
    public string PredictionSolver(string? requested) =>
        PhysicsModels.CheckPredictionSolver(Description.Model.Model, requested ?? Description.Training.Solver);

    /// <summary>
    /// The trained model with its final weights, or with its checkpoint's parameters and the checkpoint's progress (null
    /// for final weights).
    /// </summary>
    public (PhysicsModel Model, CheckpointProgress? Checkpoint) LoadModel() =>
        fromCheckpoint ? Directory.LoadCheckpointModel(Description) : (Directory.LoadModel(Description), null);

    public void Dispose() => Data.Dispose();
}
