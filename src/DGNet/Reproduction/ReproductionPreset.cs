namespace DGNet.Reproduction;

/// <summary>
/// A complete reproduction: its datasets (each with its rows and budgets), the seeds used when none are given, the
/// long energy-drift rollout, and the real pendulum's settings, used when its measured file is given.
/// </summary>
/// <param name="Name">"quick" or "paper".</param>
/// <param name="Datasets">The datasets, in the order of the paper's tables.</param>
/// <param name="DefaultSeeds">Seeds when none are given (the paper averages 15).</param>
/// <param name="LongRollout">The long rollout comparing the energy drift of eq6 with other solvers; null for none.</param>
/// <param name="RealPendulum">Settings of the real pendulum; its data file comes from <see cref="WithRealPendulum"/>.</param>
public sealed record ReproductionPreset(
    string Name,
    IReadOnlyList<DatasetPreset> Datasets,
    IReadOnlyList<long> DefaultSeeds,
    LongRolloutPreset? LongRollout,
    DatasetPreset? RealPendulum)
{
    /// <summary>This preset with the real pendulum, read from <paramref name="lipsonFile"/>, added to the ODE suite.</summary>
    /// <exception cref="ArgumentException">The preset has no real-pendulum settings.</exception>
    public ReproductionPreset WithRealPendulum(string lipsonFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lipsonFile);
        var template = RealPendulum ?? throw new ArgumentException($"the {Name} preset has no real-pendulum settings");
        var dataset = template with { Data = template.Data with { LipsonFile = Path.GetFullPath(lipsonFile) } };
        return this with { Datasets = [.. Datasets, dataset] };
    }

    /// <summary>The dataset with key <paramref name="key"/>, or null.</summary>
    public DatasetPreset? Find(string key) => Datasets.FirstOrDefault(d => d.Key == key);
}

/// <summary>
/// A long rollout of the first seed's DGNet on one test state of a dataset, with several solvers, to compare the drift
/// of the learned energy (Eq. (6) keeps it to rounding error; adaptive DP lets it drift).
/// </summary>
/// <param name="DatasetKey">The dataset (KdV in the paper).</param>
/// <param name="Steps">Rollout steps (5000 in the paper).</param>
/// <param name="Solvers">The prediction solvers compared.</param>
public sealed record LongRolloutPreset(string DatasetKey, int Steps, IReadOnlyList<string> Solvers)
{
    /// <summary>The length of the paper's KdV drift rollout; figures say so when a preset rolls out fewer steps.</summary>
    public const int PaperSteps = 5000;
}
