using DGNet.Systems;

namespace DGNet.Reproduction;

/// <summary>
/// Where a dataset of the reproduction comes from: simulated from a built-in system with given settings, or imported
/// from a measured Schmidt and Lipson pendulum file.
/// </summary>
public sealed record DataSource
{
    /// <summary>The built-in system (<see cref="SystemRegistry.Names"/>); null for imported data.</summary>
    public string? System { get; init; }

    /// <summary>Grid points per axis of a field system; null for its default.</summary>
    public int? Grid { get; init; }

    /// <summary>Sizes, time step, noise, split and seed of the simulation; null for imported data.</summary>
    public GenerationSettings? Settings { get; init; }

    /// <summary>The measured pendulum file (Schmidt and Lipson text format); null for simulated data.</summary>
    public string? LipsonFile { get; init; }

    /// <summary>Segments each measured trial is cut into (the last is test).</summary>
    public int LipsonSegments { get; init; } = 5;

    /// <summary>Data simulated from <paramref name="system"/>.</summary>
    public static DataSource Simulated(string system, GenerationSettings settings, int? grid = null) =>
        new() { System = system, Settings = settings, Grid = grid };

    /// <summary>Measured pendulum data read from <paramref name="path"/>.</summary>
    public static DataSource Lipson(string path) => new() { LipsonFile = path };
}
