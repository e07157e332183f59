using System.Globalization;
using System.Text;

namespace DGNet.Reproduction;

/// <summary>
/// report.md: the settings of every dataset, the results tables, the figures embedded dataset by dataset, the learned
/// kernel with its check against the slides' claims, and the long rollout's energy drift.
/// </summary>
public static class ReproductionReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The report's Markdown; figure links are relative to the output folder.</summary>
    public static string Markdown(ReproductionPlan plan, ReproductionRequest request, IReadOnlyList<RowResult> rows,
        IReadOnlyList<LearnedKernelResult> kernels, IReadOnlyList<LongRolloutMetrics> longRollouts, IReadOnlyList<string> figures)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        var text = new StringBuilder();
        text.AppendLine($"# Reproduction of Matsubara et al. (NeurIPS 2020): {request.Preset.Name} preset, {ResultTables.SeedText(request.EffectiveSeeds)}");
        text.AppendLine();
        text.AppendLine($"Made by `dgnet reproduce` (DGNet for .NET {ConfigurationKey.Version}). Data are in `{ReproductionPlan.DataFolder}/`, " +
                        $"training runs (model, checkpoint, loss log) in `{ReproductionPlan.RunsFolder}/`, predictions with their metrics in " +
                        $"`{ReproductionPlan.PredictionsFolder}/`, figures in `{ReproductionPlan.FiguresFolder}/`; every name ends with the hash of " +
                        "its configuration, and a rerun reuses what is finished.");
        if (request.Preset.Name != "paper")
            text.AppendLine().AppendLine("This preset runs the paper's rows through the same code with small budgets (fewer trajectories, narrower " +
                                         "networks, a few hundred training steps), so its errors " +
                                         "are far from the published ones and the ratios show how far; `--preset paper` uses the paper's settings.");

        text.AppendLine().AppendLine("## Settings").AppendLine();
        text.AppendLine("| dataset | data | network | training | DP tolerances | rollout |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var dataset in plan.Datasets.Select(d => d.Preset))
            text.AppendLine($"| {dataset.Title} | {DataText(dataset.Data)}{(dataset.DataPerSeed ? ", one dataset per seed" : "")}{OrbitsText(dataset.ReferenceOrbits)} | {NetworkText(dataset)} | {TrainingText(dataset.Training)} | " +
                            $"rtol {dataset.Dopri5.RelativeTolerance.ToString("G3", C)}, atol {dataset.Dopri5.AbsoluteTolerance.ToString("G3", C)} | " +
                            $"{(dataset.RolloutSteps is int n ? $"{n} steps" : "the data's length")} |");

        text.AppendLine().AppendLine("## Results").AppendLine();
        string tables = ResultTables.Markdown(rows, request.Preset.Name, request.EffectiveSeeds);
        // The tables without their title and the blank line after it.
        foreach (string line in tables.Split('\n').Skip(2))
            text.AppendLine(line.StartsWith("## ", StringComparison.Ordinal) ? "#" + line : line);

        if (plan.Datasets.Any(d => d.Preset.Structure.StartsWith("learned", StringComparison.Ordinal)))
            LearnedStructure(text, kernels, request.CahnHilliard2dMemory);
        if (longRollouts.Count > 0) LongRollouts(text, longRollouts);

        text.AppendLine("## Figures").AppendLine();
        foreach (var dataset in plan.Datasets)
        {
            var own = figures.Where(f => Path.GetFileName(f).StartsWith(dataset.Preset.Key + "-", StringComparison.Ordinal)
                                         && !IsLongerKey(plan, dataset.Preset.Key, Path.GetFileName(f))).ToList();
            if (own.Count == 0) continue;
            text.AppendLine($"### {dataset.Preset.Title}").AppendLine();
            foreach (string figure in own)
            {
                string relative = Path.GetRelativePath(plan.Output, figure).Replace('\\', '/');
                text.AppendLine($"![{dataset.Preset.Title}: {Describe(Path.GetFileNameWithoutExtension(figure)[(dataset.Preset.Key.Length + 1)..])}]({relative})").AppendLine();
            }
        }
        return text.ToString();
    }

    /// <summary>The reference orbits of a dataset for the settings table, or nothing.</summary>
    private static string OrbitsText(ReferenceOrbits? orbits) => orbits is null ? "" : $"; energy error also on {orbits.Description}";

    /// <summary>Whether a figure named "key-..." belongs to another dataset whose key extends this one ("cahn-hilliard-2d").</summary>
    private static bool IsLongerKey(ReproductionPlan plan, string key, string file) =>
        plan.Datasets.Any(d => d.Preset.Key.Length > key.Length && d.Preset.Key.StartsWith(key, StringComparison.Ordinal)
                               && file.StartsWith(d.Preset.Key + "-", StringComparison.Ordinal));

    private static string Describe(string figure) => figure switch
    {
        "spacetime" => "truth, predictions and errors",
        "energy" => "energy along the predictions",
        "phase" => "phase portraits",
        "snapshots" => "snapshots of truth, prediction and error",
        "kernel" => "learned kernel",
        "training" => "training curves",
        "long-rollout" => "long-rollout energy drift",
        _ => figure,
    };

    /// <summary>The 2-D Cahn-Hilliard section: the learned kernels with their check, then the memory table.</summary>
    private static void LearnedStructure(StringBuilder text, IReadOnlyList<LearnedKernelResult> kernels, string? memory)
    {
        text.AppendLine("## 2-D Cahn-Hilliard: learned structure and memory").AppendLine();
        Kernels(text, kernels);
        text.AppendLine("### Memory and time per training step").AppendLine();
        text.AppendLine("The slides report that on 2-D Cahn-Hilliard training through a numerical integrator did not fit in GPU memory " +
                        "while DGNet trained.").AppendLine();
        text.AppendLine(memory?.Trim() ?? "Not measured in this run: peak memory and time per training step at 32×32, 64×64 and " +
                        "128×128 for DGNet Eq. (6), HNN++ through DP with back-propagation and HNN++ with the adjoint method come " +
                        "from the benchmarks.");
        text.AppendLine();
    }

    private static void Kernels(StringBuilder text, IReadOnlyList<LearnedKernelResult> kernels)
    {
        text.AppendLine("The slides report that the freely learned 3×3 kernel of G for 2-D Cahn-Hilliard comes out with zero sum (mass " +
                        "conservation), negative definite (dissipation) and isotropic (rotation and reflection symmetric). A learned G and H are fixed only " +
                        "up to a common factor, sign included ((-G)∇(-H) = G∇H), so a positive semi-definite G counts as a negative one " +
                        "with the energy's sign reversed. Ours (the kernel's parameters in units of 1/dx², `--kernel-order 2`):");
        foreach (var kernel in kernels)
        {
            var r = kernel.Report;
            text.AppendLine().AppendLine($"### {kernel.Dataset.Title}: the learned kernel").AppendLine();
            text.AppendLine("```text").AppendLine(kernel.Text).AppendLine("```").AppendLine();
            text.AppendLine("| claim | slides | ours |");
            text.AppendLine("|---|---|---|");
            text.AppendLine($"| zero sum | yes | {(r.IsZeroSum ? "yes" : "no")} (sum {ResultTables.Scientific(r.Sum)}, {r.RelativeSum.ToString("0.0e+00", C)} of Σ\\|w\\|) |");
            string definite = r.IsNegativeSemidefinite ? "yes" : r.IsSemidefiniteUpToSign ? "yes, with the learned energy's sign reversed" : "no";
            text.AppendLine($"| negative (semi-)definite | yes | {definite} (symmetric part's eigenvalues in [{ResultTables.Scientific(r.MinEigenvalue)}, {ResultTables.Scientific(r.MaxEigenvalue)}]) |");
            text.AppendLine($"| isotropic | yes | {(r.IsIsotropic ? "yes" : "no")} (largest change under rotations and reflections {r.SymmetryDeviation.ToString("0.000", C)} of max \\|w\\|) |");
            if (r.Weights.Length == 9 && Math.Abs(r.Weights[4]) > 0)
            {
                double scale = -15.148 / r.Weights[4];
                text.AppendLine().AppendLine("Scaled so that its centre is -15.148, as the slides' kernel:").AppendLine();
                text.AppendLine("```text");
                for (int row = 0; row < 3; row++)
                    text.AppendLine(string.Join(" ", r.Weights.Skip(3 * row).Take(3).Select(w => (w * scale).ToString("0.000", C).PadLeft(9))));
                text.AppendLine("```");
            }
        }
        text.AppendLine();
    }

    private static void LongRollouts(StringBuilder text, IReadOnlyList<LongRolloutMetrics> rollouts)
    {
        text.AppendLine("## Long rollout: energy drift").AppendLine();
        text.AppendLine("DGNet's learned energy H along a long rollout from one test state. With Eq. (6) it is conserved up to rounding " +
                        "(the paper: drift ~1e-12); adaptive DP lets it drift (the paper: ~1e-6 to 1e-5).").AppendLine();
        text.AppendLine("| solver | steps | max relative drift of the learned energy | of the true energy | seconds |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var r in rollouts)
            text.AppendLine($"| {RowPreset.SolverLabel(r.Solver)} | {r.CompletedSteps}{(r.CompletedSteps < r.Steps ? $" of {r.Steps} ({r.Failure})" : "")} | " +
                            $"{ResultTables.Scientific(r.MaxModelEnergyDrift)} | {(r.MaxTrueEnergyDrift is double t ? ResultTables.Scientific(t) : "-")} | " +
                            $"{r.Seconds.ToString("0.0", C)} |");
        text.AppendLine();
    }

    private static string DataText(DataSource source)
    {
        if (source.Settings is not { } s)
            return $"measured pendulum ({Path.GetFileName(source.LipsonFile)}), each trial cut into {source.LipsonSegments} segments, the last for testing";
        string grid = source.Grid is int g ? $", grid {g}" : "";
        return string.Create(C, $"{source.System}{grid}: {s.Trajectories} trajectories ({s.TestTrajectories} test) × {s.Steps} steps, dt {s.Dt:G4}") +
               (s.Noise > 0 ? string.Create(C, $", noise {s.Noise:G3}") : "") +
               (s.Sampler == Systems.GenerationSettings.ReferenceSampler ? $", the reference code's initial states (NumPy seed {s.Seed})" : "");
    }

    private static string NetworkText(DatasetPreset dataset) =>
        $"width {dataset.Hidden}, {dataset.DType}" +
        (dataset.Structure != "auto" ? $", G {dataset.Structure}" : "") + (dataset.Friction ? ", friction" : "");

    private static string TrainingText(TrainingBudget budget) =>
        string.Create(C, $"{budget.Steps} steps, batch {(budget.BatchSize is int b ? b.ToString(C) : "full")}, lr {budget.LearningRate:G3}") +
        (budget.WeightDecay > 0 ? string.Create(C, $", weight decay {budget.WeightDecay:G3}") : "");
}
