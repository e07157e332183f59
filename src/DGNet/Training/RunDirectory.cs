using System.Text;
using System.Text.Json;
using DGNet.Data;
using DGNet.Models;

namespace DGNet.Training;

/// <summary>
/// The files of a training run in one folder: <c>model.json</c> (<see cref="RunDescription"/>), <c>model.npz</c>
/// (final weights, <see cref="ModelWeights"/>), <c>checkpoint.npz</c> (<see cref="Checkpoint"/>) and
/// <c>log.csv</c> (<see cref="LossLog"/>). A run is complete once <c>model.npz</c> exists.
/// </summary>
public sealed class RunDirectory
{
    public const string DescriptionFile = "model.json";
    public const string WeightsFile = "model.npz";
    public const string CheckpointFile = "checkpoint.npz";
    public const string LogFile = "log.csv";

    /// <summary>The run in folder <paramref name="path"/> (which need not exist yet).</summary>
    public RunDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The folder, as given.</summary>
    public string Path { get; }

    public string DescriptionPath => System.IO.Path.Combine(Path, DescriptionFile);

    public string WeightsPath => System.IO.Path.Combine(Path, WeightsFile);

    public string CheckpointPath => System.IO.Path.Combine(Path, CheckpointFile);

    public string LogPath => System.IO.Path.Combine(Path, LogFile);

    /// <summary>The files a run consists of (those that exist are replaced by a forced new run).</summary>
    public IEnumerable<string> Files => [DescriptionPath, WeightsPath, CheckpointPath, LogPath];

    /// <summary>Reads <c>model.json</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFileException">model.json is missing or is not a run description.</exception>
    public RunDescription ReadDescription()
    {
        if (!Directory.Exists(Path)) throw new DirectoryNotFoundException($"{Path}: run directory not found");
        if (!File.Exists(DescriptionPath))
            throw new DataFileException(Path, $"not a run directory: no {DescriptionFile} (made by dgnet train)");
        RunDescription description;
        try
        {
            description = RunDescription.FromJson(File.ReadAllText(DescriptionPath));
            description.Model.Validate();
            description.Training.Validate();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException)
        {
            throw new DataFileException(DescriptionPath, $"not a valid run description: {e.Message}", e);
        }
        return description;
    }

    /// <summary>Writes <c>model.json</c> atomically.</summary>
    public void WriteDescription(RunDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var bytes = Encoding.UTF8.GetBytes(description.ToJson() + "\n");
        AtomicFile.Write(DescriptionPath, overwrite: true, stream => stream.Write(bytes));
    }

    /// <summary>The description of a finished run, checked to have its weights.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFileException">The folder is not a run, or its training has not finished.</exception>
    public RunDescription ReadCompleted()
    {
        var description = ReadDescription();
        if (!File.Exists(WeightsPath))
            throw new DataFileException(Path,
                $"incomplete run directory: no {WeightsFile} (training has not finished; continue it with dgnet train --resume --out {Path})");
        return description;
    }

    /// <summary>The trained model of a finished run: rebuilt from its spec, with the final weights.</summary>
    /// <exception cref="DataFileException">The run is incomplete or its files do not fit together.</exception>
    public PhysicsModel LoadModel() => LoadModel(ReadCompleted());

    /// <summary>
    /// The model of an unfinished run as its checkpoint left it (the parameters only), with the progress stored there: to
    /// look at a long training while it runs or after it stopped.
    /// </summary>
    /// <exception cref="DataFileException">The run has no checkpoint, or it does not fit the description.</exception>
    public (PhysicsModel Model, CheckpointProgress Progress) LoadCheckpointModel(RunDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (!File.Exists(CheckpointPath))
            throw new DataFileException(Path, $"incomplete run directory: neither {WeightsFile} nor {CheckpointFile}");
        var model = PhysicsModels.Create(description.Model);
        try
        {
            return (model, Checkpoint.RestoreParameters(CheckpointPath, model));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The trained model described by <paramref name="description"/> (read from this run), with the final weights.</summary>
    /// <exception cref="DataFileException">The weights are missing or do not fit the description.</exception>
    public PhysicsModel LoadModel(RunDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (!File.Exists(WeightsPath))
            throw new DataFileException(Path, $"incomplete run directory: no {WeightsFile}");
        var model = PhysicsModels.Create(description.Model);
        ModelWeights.Load(model, WeightsPath);
        return model;
    }
}
