using System.Globalization;
using System.Text;

namespace DGNet.Reproduction;

/// <summary>
/// The results tables: each row's derivative, energy and state errors (mean ± standard deviation over the seeds)
/// beside the published value and the ratio ours / published, with the row's wall times; as Markdown (one table per
/// dataset) and as CSV (one line per row).
/// </summary>
public static class ResultTables
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The CSV header.</summary>
    public const string CsvHeader =
        "suite,dataset,model,train,predict,seeds," +
        "derivative,derivative_std,derivative_published,derivative_ratio," +
        "energy,energy_std,energy_published,energy_ratio," +
        "state,state_std,state_published,state_ratio," +
        "orbit_derivative,orbit_energy,orbit_energy_std,orbit_energy_ratio," +
        "train_seconds,predict_seconds,problems";

    /// <summary>The tables as Markdown, with a heading naming the preset and seeds.</summary>
    public static string Markdown(IReadOnlyList<RowResult> rows, string preset, IReadOnlyList<long> seeds)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendLine($"# Results: {preset} preset, {SeedText(seeds)}");
        text.AppendLine();
        text.AppendLine("Each error is our mean over the seeds (± sample standard deviation when there are several), beside the " +
                        "published mean of 15 runs (Matsubara et al., NeurIPS 2020) and the ratio ours / published. " +
                        "Errors as in the paper: derivative (MSE of the model's time derivative f(u) against the true " +
                        "one at the test states), energy (mean squared difference of the true energy along the true and " +
                        "the predicted trajectory), state (MSE of the rollout), all on the test split. Times are wall seconds per " +
                        "seed: the training (shared by the rows of one training) and the prediction on the test split.");
        if (rows.Any(r => r.Dataset.ReferenceOrbits is not null))
            text.AppendLine().AppendLine("Where the reference code measures the published energy error elsewhere (mass-spring and " +
                                         "pendulum: on fresh noise-free orbits whose coordinates each have a magnitude U(0.2, 1), " +
                                         "energies past the training data's; 2-body: on the first orbit its generator draws for " +
                                         "each of the NumPy seeds 0 to 14), \"energy, ref. orbits\" is ours on such orbits, with " +
                                         "its ratio to the same published value.");
        foreach (var group in rows.GroupBy(r => r.Dataset.Key))
        {
            var dataset = group.First().Dataset;
            text.AppendLine();
            text.AppendLine($"## {dataset.Title} ({dataset.Suite.ToString().ToUpperInvariant()})");
            text.AppendLine();
            bool orbits = dataset.ReferenceOrbits is not null;
            text.AppendLine("| model | train | predict | derivative | paper | ratio | energy | paper | ratio " +
                            (orbits ? "| energy, ref. orbits | ratio " : "") + "| state | paper | ratio | train s | predict s |");
            text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|" + (orbits ? "---:|---:|" : "") + "---:|---:|---:|---:|---:|");
            foreach (var row in group)
            {
                var p = row.Published;
                text.Append($"| {row.Row.Label} | {RowPreset.SolverLabel(row.Row.TrainingSolver)} | {RowPreset.SolverLabel(row.PredictionSolver)} ");
                text.Append(Cells(row.Derivative, p?.Derivative));
                text.Append(Cells(row.Energy, p?.Energy));
                if (orbits)
                {
                    string ratio = Ratio(row.OrbitEnergy, p?.Energy) is double r ? FormatRatio(r) : "-";
                    text.Append($"| {Value(row.OrbitEnergy)} | {ratio} ");
                }
                text.Append(Cells(row.State, p?.State));
                text.AppendLine($"| {Seconds(row.TrainSeconds)} | {Seconds(row.PredictSeconds)} |");
            }
            // A note every evaluation of the dataset has (e.g. noisy data) is said once.
            var evaluations = group.SelectMany(r => r.Seeds).Select(s => s.Evaluation).ToList();
            var shared = evaluations.All(e => e is not null)
                ? evaluations.Skip(1).Aggregate(evaluations[0]!.Notes.AsEnumerable(), (common, e) => common.Intersect(e!.Notes)).ToHashSet()
                : [];
            var problems = shared.Select(n => $"every row: {n}")
                .Concat(group.SelectMany(r => r.Seeds.Where(s => s.Problem is not null).Select(s => $"{r.Name}, seed {s.Seed}: {s.Problem}")))
                .Concat(group.SelectMany(r => r.Seeds.SelectMany(s => s.Evaluation?.Notes.Where(n => !shared.Contains(n)).Select(n => $"{r.Name}, seed {s.Seed}: {n}") ?? [])))
                .Concat(group.SelectMany(r => r.Seeds.SelectMany(s => s.Orbits?.Notes.Select(n => $"{r.Name}, seed {s.Seed}, reference orbits: {n}") ?? [])))
                .Distinct().ToList();
            if (problems.Count > 0)
            {
                text.AppendLine();
                foreach (string problem in problems) text.AppendLine($"- {problem}");
            }
        }
        return text.ToString();
    }

    /// <summary>The rows as CSV: a header line, then one line per row (empty fields where there is no value).</summary>
    public static string Csv(IReadOnlyList<RowResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (var row in rows)
        {
            var p = row.Published;
            var fields = new List<string>
            {
                row.Dataset.Suite.ToString().ToLowerInvariant(), row.Dataset.Key, row.Row.Label, row.Row.TrainingSolver, row.PredictionSolver,
                string.Join(";", row.Seeds.Select(s => s.Seed.ToString(C))),
            };
            foreach (var (statistic, published) in new[] { (row.Derivative, p?.Derivative), (row.Energy, p?.Energy), (row.State, p?.State) })
            {
                fields.Add(Number(statistic.Count > 0 ? statistic.Mean : null));
                fields.Add(Number(statistic.Count > 1 ? statistic.StandardDeviation : null));
                fields.Add(Number(published));
                fields.Add(Number(Ratio(statistic, published)));
            }
            fields.Add(Number(row.OrbitDerivative.Count > 0 ? row.OrbitDerivative.Mean : null));
            fields.Add(Number(row.OrbitEnergy.Count > 0 ? row.OrbitEnergy.Mean : null));
            fields.Add(Number(row.OrbitEnergy.Count > 1 ? row.OrbitEnergy.StandardDeviation : null));
            fields.Add(Number(Ratio(row.OrbitEnergy, p?.Energy)));
            fields.Add(Number(row.TrainSeconds.Count > 0 ? row.TrainSeconds.Mean : null));
            fields.Add(Number(row.PredictSeconds.Count > 0 ? row.PredictSeconds.Mean : null));
            var problems = row.Seeds.Where(s => s.Problem is not null).Select(s => $"seed {s.Seed}: {s.Problem}");
            fields.Add(Quote(string.Join("; ", problems)));
            text.Append(string.Join(",", fields)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>ours / published, or null when either is missing.</summary>
    public static double? Ratio(Statistic ours, double? published) =>
        ours.Count > 0 && published is double p && p != 0 ? ours.Mean / p : null;

    /// <summary>"seed 0" or "seeds 0-14" or "seeds 0, 3, 5".</summary>
    public static string SeedText(IReadOnlyList<long> seeds)
    {
        if (seeds.Count == 1) return $"seed {seeds[0]}";
        var sorted = seeds.Order().ToArray();
        bool contiguous = sorted.Zip(sorted.Skip(1)).All(p => p.Second == p.First + 1);
        return contiguous ? $"seeds {sorted[0]}-{sorted[^1]}" : $"seeds {string.Join(", ", seeds)}";
    }

    /// <summary>A value in the tables' scientific format, e.g. 1.23e-02.</summary>
    public static string Scientific(double value) => double.IsFinite(value) ? value.ToString("0.00e+00", C) : "n/a";

    private static string Cells(Statistic ours, double? published)
    {
        string value = Value(ours);
        string paper = published is double p ? Scientific(p) : "-";
        string ratio = Ratio(ours, published) is double r ? FormatRatio(r) : "-";
        return $"| {value} | {paper} | {ratio} ";
    }

    /// <summary>"1.23e-02", "1.23e-02 ± 4.5e-03" over several seeds, or "n/a".</summary>
    private static string Value(Statistic ours) => ours.Count == 0 ? "n/a"
        : ours.Count > 1 ? $"{Scientific(ours.Mean)} ± {ours.StandardDeviation.ToString("0.0e+00", C)}"
        : Scientific(ours.Mean);

    /// <summary>A ratio with three significant digits, in scientific notation when far from 1.</summary>
    public static string FormatRatio(double ratio) =>
        ratio is >= 0.01 and < 1000 ? ratio.ToString("G3", C) : ratio.ToString("0.0e+00", C);

    private static string Seconds(Statistic seconds) => seconds.Count > 0 ? seconds.Mean.ToString("0.0", C) : "-";

    private static string Number(double? value) => value is double v && double.IsFinite(v) ? v.ToString("R", C) : "";

    private static string Quote(string text) => text.Length == 0 ? "" : "\"" + text.Replace("\"", "\"\"") + "\"";
}
