using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DGNet.Data;

namespace DGNet.Evaluation;

/// <summary>An <see cref="EvaluationResult"/> as JSON (non-finite numbers become null), and writing it atomically.</summary>
public static class EvaluationReport
{
    /// <summary>The result's fields in snake_case; <paramref name="testTrajectories"/> maps the result's trajectory
    /// indices to the dataset's.</summary>
    public static JsonObject ToJson(EvaluationResult result, IReadOnlyList<int> testTrajectories)
    {
        ArgumentNullException.ThrowIfNull(result);
        static JsonNode? Number(double? x) => x is double v && double.IsFinite(v) ? JsonValue.Create(v) : null;
        static JsonArray Numbers(IEnumerable<double> xs) => new(xs.Select(x => Number(x)).ToArray());
        return new JsonObject
        {
            ["training_solver"] = result.TrainingSolver,
            ["solver"] = result.Solver,
            ["trajectories"] = result.Trajectories,
            ["steps"] = result.Steps,
            ["derivative_error"] = Number(result.DerivativeError),
            ["derivative_reference"] = result.DerivativeReference,
            ["energy_error"] = Number(result.EnergyError),
            ["state_error"] = Number(result.StateError),
            ["energy_errors"] = result.EnergyErrors is null ? null : Numbers(result.EnergyErrors),
            ["state_errors"] = Numbers(result.StateErrors),
            ["test_trajectories"] = new JsonArray(testTrajectories.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            ["failed"] = new JsonObject(result.Failed.Select(f =>
                KeyValuePair.Create(testTrajectories[f.Key].ToString(CultureInfo.InvariantCulture), (JsonNode?)JsonValue.Create(f.Value)))),
            ["notes"] = new JsonArray(result.Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        };
    }

    /// <summary>Writes <paramref name="json"/> indented to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void Write(string path, JsonNode json, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        AtomicFile.Write(path, overwrite, stream => stream.Write(bytes));
    }
}
