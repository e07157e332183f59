using System.Text;
using DGNet.Data;
using DGNet.Evaluation;
using DGNet.Training;

namespace DGNet.Reproduction;

/// <summary>
/// Gathers the finished work of a plan into table rows (reading the stored metrics and run descriptions), the learned
/// kernels and the long rollouts, and writes results.md, results.csv, the figures and report.md.
/// </summary>
internal static class ReproductionOutputs
{
    public static ReproductionResult Write(ReproductionPlan plan, ReproductionRequest request, IReadOnlyList<JobRecord> jobs)
    {
        var rows = Rows(plan);
        var kernels = Kernels(plan);
        var longRollouts = plan.Datasets.SelectMany(d => d.LongRollouts).Where(r => File.Exists(r.Path))
            .Select(r => StoredPrediction.ReadMetrics<LongRolloutMetrics>(r.Path)).ToList();
        var figures = ReproductionFigures.Draw(plan, rows, kernels);

        string tables = ResultTables.Markdown(rows, request.Preset.Name, request.EffectiveSeeds);
        string markdownPath = Path.Combine(plan.Output, Reproducer.ResultsMarkdown);
        string csvPath = Path.Combine(plan.Output, Reproducer.ResultsCsv);
        string reportPath = Path.Combine(plan.Output, Reproducer.ReportMarkdown);
        WriteText(markdownPath, tables);
        WriteText(csvPath, ResultTables.Csv(rows));
        WriteText(reportPath, ReproductionReport.Markdown(plan, request, rows, kernels, longRollouts, figures));
        return new ReproductionResult
        {
            Status = ReproductionStatus.Completed,
            Plan = plan,
            Jobs = jobs,
            Rows = rows,
            Kernels = kernels,
            LongRollouts = longRollouts,
            Figures = figures,
            Outputs = [markdownPath, csvPath, reportPath],
            Tables = tables,
        };
    }

    /// <summary>One row per dataset, planned row preset and prediction solver, with every seed's stored results.</summary>
    public static List<RowResult> Rows(ReproductionPlan plan)
    {
        var rows = new List<RowResult>();
        foreach (var dataset in plan.Datasets)
            foreach (var row in dataset.Preset.Rows.Where(r => dataset.Trainings.Any(t => ReferenceEquals(t.Row, r))))
                foreach (string solver in row.PredictionSolvers)
                {
                    var seeds = dataset.Trainings.Where(t => ReferenceEquals(t.Row, row))
                        .Select(t => Seed(t, t.Predictions.First(p => p.Solver == solver),
                            t.OrbitPredictions.FirstOrDefault(p => p.Solver == solver)))
                        .ToList();
                    rows.Add(new RowResult(dataset.Preset, row, solver, seeds,
                        PublishedResults.Find(dataset.Preset.Key, row.Label, row.TrainingSolver, solver)));
                }
        return rows;
    }

    private static SeedResult Seed(TrainingPlan training, PredictionPlan prediction, PredictionPlan? onOrbits)
    {
        var directory = new RunDirectory(training.RunPath);
        double? trainSeconds = File.Exists(directory.DescriptionPath) ? directory.ReadDescription().Result?.WallSeconds : null;
        if (File.Exists(prediction.Path))
        {
            var metrics = StoredPrediction.ReadMetrics<PredictionMetrics>(prediction.Path);
            var orbits = onOrbits is not null && File.Exists(onOrbits.Path)
                ? StoredPrediction.ReadMetrics<PredictionMetrics>(onOrbits.Path).Evaluation
                : null;
            return new SeedResult(training.Seed, metrics.Evaluation, trainSeconds, metrics.PredictSeconds, null, orbits);
        }
        string problem = File.Exists(Path.Combine(training.RunPath, ReproductionSession.DivergedFile))
            ? "the training diverged (non-finite loss); no prediction"
            : "no prediction";
        return new SeedResult(training.Seed, null, trainSeconds, null, problem);
    }

    /// <summary>The learned kernels of datasets trained with a learned structure (first seed's DGNet).</summary>
    private static List<LearnedKernelResult> Kernels(ReproductionPlan plan)
    {
        var kernels = new List<LearnedKernelResult>();
        foreach (var dataset in plan.Datasets.Where(d => d.Preset.Structure.StartsWith("learned", StringComparison.Ordinal)))
        {
            var training = dataset.Trainings.FirstOrDefault(t => t.Row.Model != "node");
            if (training is null || !File.Exists(new RunDirectory(training.RunPath).WeightsPath)) continue;
            using var model = new RunDirectory(training.RunPath).LoadModel();
            if (StructureReport.Kernel(model) is { } report)
                kernels.Add(new LearnedKernelResult(dataset.Preset, report, StructureReport.ToText(model)));
        }
        return kernels;
    }

    private static void WriteText(string path, string text) =>
        AtomicFile.Write(path, overwrite: true, stream => stream.Write(Encoding.UTF8.GetBytes(text)));
}
