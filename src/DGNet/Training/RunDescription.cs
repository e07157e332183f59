using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using DGNet.Data;
using DGNet.Models;

namespace DGNet.Training;

/// <summary>
/// A run's <c>model.json</c>: the model's spec (enough to rebuild it), the training options (seed included), the data
/// it learned from (path, SHA-256 and probe values) and any change of it, the project version and thread count, and, once training has finished, its
/// outcome. Written before the first step, so that an interrupted run can be resumed from it.
/// </summary>
public sealed record RunDescription
{
    /// <summary>The model's architecture.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>How it is trained.</summary>
    public required TrainingOptions Training { get; init; }

    /// <summary>The dataset it is trained on (since its last change, if any).</summary>
    public required DataReference Data { get; init; }

    /// <summary>The times the run was resumed on a data file other than the one it had trained on; null if never.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DataChange>? DataChanges { get; init; }

    /// <summary>Version of DGNet that trained it.</summary>
    public string Version { get; init; } = ProjectVersion;

    /// <summary>libtorch threads of the (first) training session: results are bit-reproducible for equal thread counts.</summary>
    public int Threads { get; init; }

    /// <summary>The outcome of the finished training; null while it runs.</summary>
    public RunOutcome? Result { get; init; }

    /// <summary>The informational version of the DGNet library.</summary>
    public static string ProjectVersion { get; } =
        typeof(RunDescription).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RunDescription).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The description as indented snake_case JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ModelSpec.Json);

    /// <summary>Reads a description.</summary>
    /// <exception cref="JsonException">The text is not a run description.</exception>
    public static RunDescription FromJson(string json) =>
        JsonSerializer.Deserialize<RunDescription>(json, ModelSpec.Json) ?? throw new JsonException("the run description is empty (null)");
}

/// <summary>The dataset a run learned from.</summary>
/// <param name="Path">The file as given (made absolute).</param>
/// <param name="Sha256">SHA-256 of the file's bytes (lower-case hex).</param>
/// <param name="System">The generating system, if the file names one.</param>
/// <param name="TrainTrajectories">Trajectories in the train split.</param>
/// <param name="TestTrajectories">Trajectories in the test split.</param>
/// <param name="TimePoints">Time points per trajectory.</param>
/// <param name="Probe">The data's <see cref="DataProbe"/> values, which let a run resume on the same data regenerated
/// on another machine; null in runs started before probes were recorded.</param>
public sealed record DataReference(string Path, string Sha256, string? System, int TrainTrajectories, int TestTrajectories, int TimePoints,
    double[]? Probe = null)
{
    /// <summary>The reference to <paramref name="data"/>, probe included.</summary>
    public static DataReference Of(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.SourcePath is null ? "" : global::System.IO.Path.GetFullPath(data.SourcePath), data.ContentHash, data.System,
            data.TrainTrajectories.Length, data.TestTrajectories.Length, data.TimePoints, DataProbe.Of(data));
    }
}

/// <summary>How a finished training ended.</summary>
/// <param name="Steps">Steps completed.</param>
/// <param name="TrainLoss">Mean minibatch loss over the last log interval.</param>
/// <param name="TestLoss">Loss on the test pairs at the last step.</param>
/// <param name="WallSeconds">Training time over all sessions.</param>
public sealed record RunOutcome(int Steps, double TrainLoss, double TestLoss, double WallSeconds);
