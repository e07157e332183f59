using System.Globalization;
using DGNet.Evaluation;
using DGNet.Reproduction;

namespace DGNet.Tests.Reproduction;

/// <summary>Means, standard deviations and ratios of the results tables, against direct computation.</summary>
public class ResultTablesTests
{
    private static EvaluationResult Evaluation(double derivative, double? energy, double state, params string[] notes) =>
        new("eq6", "eq6", 2, 10, derivative, "dudt", energy, state, null, [state, state], new Dictionary<int, int>(), notes);

    private static double SampleStd(double[] values)
    {
        double mean = values.Sum() / values.Length;
        return Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Sum() / (values.Length - 1));
    }

    [Fact]
    public void TheStatisticIsTheMeanAndSampleStandardDeviationOfTheFiniteValues()
    {
        double[] values = [3e-3, 1.5e-3, 7.25e-3, 2e-4];
        var statistic = Statistic.Of([values[0], null, values[1], double.NaN, values[2], double.PositiveInfinity, values[3]]);
        Assert.Equal(4, statistic.Count);
        Assert.Equal(values.Sum() / 4, statistic.Mean, 1e-15);
        Assert.Equal(SampleStd(values), statistic.StandardDeviation, 1e-15);

        Assert.Equal(new Statistic(0.5, 0, 1), Statistic.Of([0.5]));
        var none = Statistic.Of([null, double.NaN]);
        Assert.Equal(0, none.Count);
        Assert.True(double.IsNaN(none.Mean));
        Assert.Null(ResultTables.Ratio(none, 1.0));
    }

    [Fact]
    public void TheCsvGivesEachRowsMeanStandardDeviationPublishedValueAndRatio()
    {
        var dataset = Presets.Quick.Find("kdv")!;
        var dgnet = dataset.Rows.Single(r => r.Model == "dgnet");
        double[] derivatives = [1.2e-2, 2.6e-2, 1.9e-2], energies = [1e-3, 4e-3, 2.5e-3], states = [2e-4, 3e-4, 7e-4];
        var seeds = Enumerable.Range(0, 3)
            .Select(i => new SeedResult(i, Evaluation(derivatives[i], energies[i], states[i]), 10 + i, 1, null))
            .Append(new SeedResult(3, null, null, null, "the training diverged (non-finite loss); no prediction"))
            .ToList();
        var published = PublishedResults.Find("kdv", "DGNet", "eq6", "dopri5")!;
        var row = new RowResult(dataset, dgnet, "dopri5", seeds, published);

        string[] lines = ResultTables.Csv([row]).TrimEnd('\n').Split('\n');
        Assert.Equal(ResultTables.CsvHeader, lines[0]);
        var header = lines[0].Split(',');
        var fields = lines[1].Split(',');
        double Field(string name) => double.Parse(fields[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);

        foreach (var (name, values, paper) in new[]
                 { ("derivative", derivatives, published.Derivative!.Value), ("energy", energies, published.Energy!.Value), ("state", states, published.State!.Value) })
        {
            double mean = values.Sum() / 3;
            Assert.Equal(mean, Field(name), 1e-15);
            Assert.Equal(SampleStd(values), Field(name + "_std"), 1e-15);
            Assert.Equal(paper, Field(name + "_published"));
            Assert.Equal(mean / paper, Field(name + "_ratio"), 1e-12);
        }
        Assert.Equal("kdv", fields[1]);
        Assert.Equal(("DGNet", "eq6", "dopri5"), (fields[2], fields[3], fields[4]));
        Assert.Equal("0;1;2;3", fields[5]);
        Assert.Contains("seed 3: the training diverged", lines[1]);

        string markdown = ResultTables.Markdown([row], "quick", [0, 1, 2, 3]);
        Assert.Contains($"| DGNet | Eq6 | DP | {ResultTables.Scientific(derivatives.Sum() / 3)} ± ", markdown);
        Assert.Contains($"| {ResultTables.Scientific(published.Energy.Value)} | {ResultTables.FormatRatio(energies.Sum() / 3 / published.Energy.Value)} |", markdown);
        Assert.Contains("seeds 0-3", markdown);
    }

    [Fact]
    public void ADatasetWithReferenceOrbitsTablesTheirEnergyErrorBesideTheSamePublishedValue()
    {
        var dataset = Presets.Quick.Find("mass-spring")!;
        var hnn = dataset.Rows.Single(r => r.Model == "hnn" && r.TrainingSolver == "dopri5");
        double[] onOrbits = [4e-4, 1e-3], onOrbitsDerivative = [2e-2, 3e-2];
        var seeds = Enumerable.Range(0, 2).Select(i => new SeedResult(i, Evaluation(1e-2, 1e-4, 5e-2), 1, 1, null,
            Evaluation(onOrbitsDerivative[i], onOrbits[i], 1e-3, "1 of 15 rollouts failed"))).ToList();
        var published = PublishedResults.Find("mass-spring", "HNN", "dopri5", "dopri5")!;
        var row = new RowResult(dataset, hnn, "dopri5", seeds, published);

        var header = ResultTables.CsvHeader.Split(',');
        var fields = ResultTables.Csv([row]).Split('\n')[1].Split(',');
        double Field(string name) => double.Parse(fields[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        Assert.Equal(7e-4, Field("orbit_energy"), 1e-15);
        Assert.Equal(SampleStd(onOrbits), Field("orbit_energy_std"), 1e-15);
        Assert.Equal(7e-4 / published.Energy!.Value, Field("orbit_energy_ratio"), 1e-12);
        Assert.Equal(2.5e-2, Field("orbit_derivative"), 1e-15);
        Assert.Equal(1e-4, Field("energy"), 1e-15);

        string markdown = ResultTables.Markdown([row], "quick", [0, 1]);
        var lines = markdown.Split('\n');
        string head = lines.Single(l => l.StartsWith("| model", StringComparison.Ordinal));
        string separator = lines[Array.IndexOf(lines, head) + 1];
        string body = lines.Single(l => l.StartsWith("| HNN", StringComparison.Ordinal));
        Assert.Contains("| energy | paper | ratio | energy, ref. orbits | ratio | state |", head);
        int columns = head.Count(c => c == '|');
        Assert.Equal(columns, separator.Count(c => c == '|'));
        Assert.Equal(columns, body.Count(c => c == '|'));
        Assert.Contains($"| {ResultTables.Scientific(7e-4)} ± {SampleStd(onOrbits).ToString("0.0e+00", CultureInfo.InvariantCulture)} | " +
                        $"{ResultTables.FormatRatio(7e-4 / published.Energy.Value)} |", body);
        Assert.Contains($"- {row.Name}, seed 1, reference orbits: 1 of 15 rollouts failed", markdown);

        // A dataset without orbits keeps the narrower table.
        string kdv = ResultTables.Markdown([new RowResult(Presets.Quick.Find("kdv")!, hnn, "dopri5", seeds, null)], "quick", [0, 1]);
        Assert.DoesNotContain("orbits", kdv.Split("\n- ")[0]);
        var kdvLines = kdv.Split('\n');
        string kdvHead = kdvLines.Single(l => l.StartsWith("| model", StringComparison.Ordinal));
        Assert.Equal(kdvHead.Count(c => c == '|'), kdvLines[Array.IndexOf(kdvLines, kdvHead) + 1].Count(c => c == '|'));
    }

    [Fact]
    public void ARowThePaperDoesNotHaveGetsNoRatio()
    {
        var dataset = Presets.Quick.Find("cahn-hilliard-2d")!;
        var row = new RowResult(dataset, dataset.Rows[0], "eq6", [new SeedResult(0, Evaluation(1, 2, 3), 1, 1, null)], null);
        var fields = ResultTables.Csv([row]).Split('\n')[1].Split(',');
        var header = ResultTables.CsvHeader.Split(',');
        Assert.Equal("1", fields[Array.IndexOf(header, "derivative")]);
        Assert.Equal("", fields[Array.IndexOf(header, "derivative_std")]);
        Assert.Equal("", fields[Array.IndexOf(header, "derivative_published")]);
        Assert.Equal("", fields[Array.IndexOf(header, "derivative_ratio")]);
    }

    [Fact]
    public void ANoteEveryEvaluationHasIsSaidOnceAndOtherNotesPerRowAndSeed()
    {
        var dataset = Presets.Quick.Find("mass-spring")!;
        const string noisy = "the stored states are noisy";
        var rows = dataset.Rows.Take(2).Select((r, i) => new RowResult(dataset, r, r.PredictionSolvers[0],
            [new SeedResult(0, Evaluation(1, 2, 3, noisy), 1, 1, null), new SeedResult(1, Evaluation(1, 2, 3, i == 0 ? [noisy, "1 of 2 rollouts failed"] : [noisy]), 1, 1, null)],
            null)).ToList();
        var notes = ResultTables.Markdown(rows, "quick", [0, 1]).Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToArray();
        Assert.Equal([$"- every row: {noisy}", $"- {rows[0].Name}, seed 1: 1 of 2 rollouts failed"], notes);

        // Without a note on every evaluation, each is said where it belongs.
        var partly = new List<RowResult> { rows[0], new(dataset, dataset.Rows[2], "midpoint", [new SeedResult(0, Evaluation(1, 2, 3), 1, 1, null)], null) };
        notes = ResultTables.Markdown(partly, "quick", [0, 1]).Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToArray();
        Assert.Equal([$"- {rows[0].Name}, seed 0: {noisy}", $"- {rows[0].Name}, seed 1: {noisy}", $"- {rows[0].Name}, seed 1: 1 of 2 rollouts failed"], notes);
    }
}
