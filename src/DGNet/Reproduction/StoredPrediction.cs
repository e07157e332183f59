using System.Text.Json;
using System.Text.Json.Serialization;
using DGNet.Data;

namespace DGNet.Reproduction;

/// <summary>
/// A prediction of the reproduction on disk: one .npz file (written atomically, so its presence means the work is
/// done) with the predicted states and energies, and its metrics as a JSON string array "metrics".
/// </summary>
public static class StoredPrediction
{
    /// <summary>The name of the JSON array holding the metrics.</summary>
    public const string MetricsArray = "metrics";

    /// <summary>JSON settings of the metrics: snake_case, NaN and infinity allowed.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNameCaseInsensitive = true,
        WriteIndented = true,
    };

    /// <summary>Writes <paramref name="arrays"/> and <paramref name="metrics"/> to <paramref name="path"/>, replacing any file.</summary>
    public static void Write<T>(string path, IReadOnlyDictionary<string, NpyArray> arrays, T metrics)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var all = new Dictionary<string, NpyArray>(arrays) { [MetricsArray] = NpyArray.Scalar(JsonSerializer.Serialize(metrics, Json)) };
        Npz.Write(path, all, compress: false, overwrite: true);
    }

    /// <summary>The arrays of a stored prediction (the metrics included, as a string).</summary>
    public static IReadOnlyDictionary<string, NpyArray> ReadArrays(string path) => Npz.Read(path);

    /// <summary>The metrics of a stored prediction.</summary>
    /// <exception cref="DataFileException">The file has no readable metrics.</exception>
    public static T ReadMetrics<T>(string path) => Metrics<T>(Npz.Read(path), path);

    /// <summary>The metrics among arrays read from <paramref name="path"/>.</summary>
    /// <exception cref="DataFileException">There are no readable metrics.</exception>
    public static T Metrics<T>(IReadOnlyDictionary<string, NpyArray> arrays, string path)
    {
        if (!arrays.TryGetValue(MetricsArray, out var text))
            throw new DataFileException(path, $"no '{MetricsArray}' array: not a prediction of dgnet reproduce");
        try
        {
            return JsonSerializer.Deserialize<T>(text.ScalarString(), Json)
                   ?? throw new DataFileException(path, $"the '{MetricsArray}' array is empty");
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, $"the '{MetricsArray}' array is not valid: {e.Message}", e);
        }
    }
}

/// <summary>The metrics of one prediction of a table row.</summary>
/// <param name="Evaluation">The paper's errors on the test split.</param>
/// <param name="DatasetTrajectories">The dataset indices of the predicted (test) trajectories.</param>
/// <param name="PredictSeconds">Wall time of the rollouts and their errors.</param>
/// <param name="DerivativeSeconds">Wall time of the derivative error (shared by the predictions of one training).</param>
public sealed record PredictionMetrics(Evaluation.EvaluationResult Evaluation, int[] DatasetTrajectories, double PredictSeconds,
    double DerivativeSeconds);

/// <summary>The metrics of a long rollout from one test state.</summary>
/// <param name="Solver">The prediction solver.</param>
/// <param name="Steps">Steps requested.</param>
/// <param name="CompletedSteps">Steps completed (fewer when the rollout failed).</param>
/// <param name="DatasetTrajectory">The dataset index of the trajectory whose first state starts the rollout.</param>
/// <param name="MaxModelEnergyDrift">max |H(t) - H(0)| / |H(0)| of the learned energy H.</param>
/// <param name="MaxTrueEnergyDrift">The same for the system's true energy, when known.</param>
/// <param name="Seconds">Wall time of the rollout.</param>
/// <param name="Failure">Why the rollout stopped early, or null.</param>
public sealed record LongRolloutMetrics(string Solver, int Steps, int CompletedSteps, int DatasetTrajectory, double MaxModelEnergyDrift,
    double? MaxTrueEnergyDrift, double Seconds, string? Failure);
