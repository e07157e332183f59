using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DGNet.Training;

namespace DGNet.Reproduction;

/// <summary>
/// Names finished work by what produced it: a short SHA-256 of the full configuration as JSON (data settings, model
/// choices, training options, seed, solver, project version), so that a rerun finds and reuses exactly the work whose
/// configuration is unchanged, and anything changed is redone under a new name.
/// </summary>
public static class ConfigurationKey
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// The project version that results depend on: the release number, without the source revision the build appends
    /// ("0.1.0+abc..." becomes "0.1.0"), so that a commit that changes no results does not redo hours of training.
    /// </summary>
    public static string Version { get; } = RunDescription.ProjectVersion.Split('+')[0];

    /// <summary>The canonical JSON of a configuration (as hashed).</summary>
    public static string Json(object configuration) => JsonSerializer.Serialize(configuration, Options);

    /// <summary>The first 12 hex digits of the SHA-256 of the configuration's JSON together with the version.</summary>
    public static string Of(object configuration)
    {
        string text = Json(new { version = Version, configuration });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}
