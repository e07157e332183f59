namespace DGNet.Reproduction;

/// <summary>What <see cref="Reproducer.Run"/> is asked to do.</summary>
public sealed record ReproductionRequest
{
    /// <summary>Both suites.</summary>
    public static IReadOnlySet<ReproductionSuite> AllSuites { get; } = new HashSet<ReproductionSuite>(Enum.GetValues<ReproductionSuite>());

    /// <summary>The datasets, rows and budgets.</summary>
    public required ReproductionPreset Preset { get; init; }

    /// <summary>The output folder: data, runs, predictions, figures, tables and report.</summary>
    public required string Output { get; init; }

    /// <summary>The suites to run (default: both).</summary>
    public IReadOnlySet<ReproductionSuite> Suites { get; init; } = AllSuites;

    /// <summary>Keys of the datasets to run within the suites (e.g. "mass-spring"); null for all of them.</summary>
    public IReadOnlySet<string>? Datasets { get; init; }

    /// <summary>
    /// Rows to run, each named by its model ("dgnet": all of the model's rows) or by model and training solver
    /// ("node:rk2", "hnn:dp"; the paper's solver labels or the solver names); null for every row.
    /// </summary>
    public IReadOnlySet<string>? Models { get; init; }

    /// <summary>Whether <paramref name="row"/> is asked for.</summary>
    public bool Includes(RowPreset row) => Models is null || Models.Any(name => Names(name, row));

    /// <summary>Whether "model" or "model:solver" names <paramref name="row"/> (case-insensitive).</summary>
    private static bool Names(string name, RowPreset row)
    {
        int colon = name.IndexOf(':');
        if (colon < 0) return string.Equals(name, row.Model, StringComparison.OrdinalIgnoreCase);
        string solver = name[(colon + 1)..];
        return string.Equals(name[..colon], row.Model, StringComparison.OrdinalIgnoreCase)
            && (string.Equals(solver, RowPreset.SolverLabel(row.TrainingSolver), StringComparison.OrdinalIgnoreCase)
                || string.Equals(solver, row.TrainingSolver, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Whether <paramref name="dataset"/> is asked for: in a chosen suite, one of the named datasets if any, and with
    /// at least one row asked for.
    /// </summary>
    public bool Includes(DatasetPreset dataset) =>
        Suites.Contains(dataset.Suite) && (Datasets is null || Datasets.Contains(dataset.Key)) && dataset.Rows.Any(Includes);

    /// <summary>The seeds of the trainings; null for the preset's default seeds.</summary>
    public IReadOnlyList<long>? Seeds { get; init; }

    /// <summary>libtorch threads while training (rollouts use one). One is fastest for the quick preset's small
    /// tensors on two shared cores.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// A Markdown section for report.md's 2-D Cahn-Hilliard part: peak memory and time per training step of DGNet
    /// Eq. (6), HNN++ through Dormand-Prince with back-propagation and HNN++ with the adjoint method on growing grids.
    /// Measured elsewhere (the benchmarks); null leaves a note that it was not measured.
    /// </summary>
    public string? CahnHilliard2dMemory { get; init; }

    /// <summary>
    /// Resume a training on its dataset even when the regenerated file differs from the one the run trained on by
    /// more than the last bits (or the run recorded no probe to tell); the change is recorded in the run's model.json.
    /// </summary>
    public bool AllowDataChange { get; init; }

    /// <summary>The seeds in effect.</summary>
    public IReadOnlyList<long> EffectiveSeeds => Seeds ?? Preset.DefaultSeeds;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first impossible setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Preset);
        if (string.IsNullOrWhiteSpace(Output)) throw new ArgumentException("--out: the output folder is empty");
        if (Suites is null || Suites.Count == 0) throw new ArgumentException("--suite: choose at least one suite (pde, ode or all)");
        var seeds = EffectiveSeeds;
        if (seeds.Count == 0) throw new ArgumentException("--seeds: give at least one seed");
        if (seeds.Distinct().Count() != seeds.Count) throw new ArgumentException($"--seeds: a seed is listed twice ({string.Join(",", seeds)})");
        if (seeds.Any(s => s < 0)) throw new ArgumentException($"--seeds: seeds are zero or positive (got {string.Join(",", seeds)})");
        if (Threads < 1) throw new ArgumentException($"--threads: must be at least 1 (got {Threads})");
        if (Datasets is not null)
        {
            if (Datasets.Count == 0) throw new ArgumentException("--datasets: name at least one dataset");
            var known = Preset.Datasets.Select(d => d.Key).ToArray();
            string list = string.Join(", ", known) +
                          (Preset.RealPendulum is { } real && !known.Contains(real.Key) ? $", {real.Key} (with --real-pendulum FILE)" : "");
            foreach (string name in Datasets.Order())
                if (!known.Contains(name))
                    throw new ArgumentException($"--datasets: the {Preset.Name} preset has no dataset '{name}' (known: {list})");
        }
        if (Models is not null)
        {
            if (Models.Count == 0) throw new ArgumentException("--models: name at least one model");
            var rows = Preset.Datasets.SelectMany(d => d.Rows).ToArray();
            var known = rows.Select(r => r.Model).Distinct()
                .Concat(rows.Select(r => $"{r.Model}:{RowPreset.SolverLabel(r.TrainingSolver).ToLowerInvariant()}").Distinct());
            foreach (string name in Models.Order())
                if (!rows.Any(r => Names(name, r)))
                    throw new ArgumentException($"--models: no row of the {Preset.Name} preset trains '{name}' (known: {string.Join(", ", known)})");
        }
        if (!Preset.Datasets.Any(Includes))
            throw new ArgumentException($"the {Preset.Name} preset has no dataset in the chosen suites" +
                                        (Datasets is null ? "" : " and datasets") + (Models is null ? "" : " with rows of the chosen models"));
    }
}
