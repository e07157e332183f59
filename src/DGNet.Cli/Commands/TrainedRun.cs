using DGNet.Data;
using DGNet.Models;
using DGNet.Training;

namespace DGNet.Cli.Commands;

/// <summary>A finished run with the data it is applied to, checked to fit together before any work starts.</summary>
internal sealed class TrainedRun : IDisposable
{
    private TrainedRun(RunDirectory directory, RunDescription description, Dataset data)
    {
        Directory = directory;
        Description = description;
        Data = data;
    }

    public RunDirectory Directory { get; }

    public RunDescription Description { get; }

    public Dataset Data { get; }

    /// <summary>
    /// Opens the run in <paramref name="runPath"/> (complete, with weights) and the dataset <paramref name="dataPath"/>,
    /// and checks that the data have the model's state shape, grid and time step.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The run directory does not exist.</exception>
    /// <exception cref="DataFileException">The run is incomplete or damaged, or the data file is unreadable.</exception>
    /// <exception cref="InvalidDataException">The data do not fit the model.</exception>
    public static TrainedRun Open(string runPath, string dataPath)
    {
        var directory = new RunDirectory(runPath);
        var description = directory.ReadCompleted();
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
        return new TrainedRun(directory, description, data);
    }

    /// <summary>The canonical prediction solver: the given one, or the one the model was trained with, checked to apply.</summary>
    public string PredictionSolver(string? requested) =>
        PhysicsModels.CheckPredictionSolver(Description.Model.Model, requested ?? Description.Training.Solver);

    /// <summary>The trained model with its final weights.</summary>
    public PhysicsModel LoadModel() => Directory.LoadModel(Description);

    public void Dispose() => Data.Dispose();
}
