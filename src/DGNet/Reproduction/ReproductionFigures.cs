using System.Globalization;
using DGNet.Data;
using DGNet.Evaluation.Plots;
using DGNet.Training;
using ScottPlot;

namespace DGNet.Reproduction;

/// <summary>
/// The reproduction's figures, drawn from the stored predictions and logs of the first seed (training curves: every
/// seed), with the existing plot builders: for 1-D fields the space-time diagrams of truth, each row's prediction and
/// its error and the energy deviation of every row; for 2-D fields snapshots and the learned kernel; for ODEs phase
/// portraits and the energy; for every dataset the training curves; and the long energy-drift rollout.
/// </summary>
public static class ReproductionFigures
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The rows of the 2-D snapshot figure: snapshots per row.</summary>
    public const int Snapshots = 4;

    /// <summary>Draws every figure into the plan's figures folder and returns their paths.</summary>
    public static IReadOnlyList<string> Draw(ReproductionPlan plan, IReadOnlyList<RowResult> rows,
        IReadOnlyList<LearnedKernelResult> kernels)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(rows);
        string folder = Path.Combine(plan.Output, ReproductionPlan.FiguresFolder);
        var written = new List<string>();
        foreach (var dataset in plan.Datasets)
        {
            // The figures show the first seed, whose data come first.
            if (!File.Exists(dataset.Data[0].Path)) continue;
            using var data = Dataset.Load(dataset.Data[0].Path);
            var shown = FirstSeedPredictions(dataset).ToList();
            string Target(string name) => Path.Combine(folder, $"{dataset.Preset.Key}-{name}.png");

            if (shown.Count > 0)
            {
                if (data.IsField && data.StateShape.Length == 1)
                {
                    Save(SpaceTime(dataset.Preset, data, shown), Target("spacetime"), written);
                    Save(EnergyDeviation(dataset.Preset, data, shown), Target("energy"), written);
                }
                else if (data.IsField)
                {
                    Save(Snapshots2d(dataset.Preset, data, shown[^1]), Target("snapshots"), written);
                    Save(EnergyDeviation(dataset.Preset, data, shown), Target("energy"), written);
                }
                else
                {
                    Save(PhasePortraits(dataset.Preset, data, shown), Target("phase"), written);
                    Save(EnergyOverTime(dataset.Preset, data, shown), Target("energy"), written);
                }
            }
            if (Curves(dataset) is { } curves) Save(curves, Target("training"), written);
            foreach (var kernel in kernels.Where(k => k.Dataset.Key == dataset.Preset.Key))
                Save(Kernel(kernel), Target("kernel"), written);
            if (LongRollout(dataset, data.Dt) is { } drift) Save(drift, Target("long-rollout"), written);
        }
        return written;
    }

    /// <summary>A figure and its size in pixels.</summary>
    private sealed record Figure(Multiplot Plot, int Width, int Height);

    /// <summary>A stored prediction of the first seed: the row's name and the arrays of the file.</summary>
    private sealed record Shown(string Name, IReadOnlyDictionary<string, NpyArray> Arrays)
    {
        public double[]? Values(string array) => Arrays.TryGetValue(array, out var a) ? (double[])a.Data : null;

        public long[] Shape(string array) => Arrays[array].Shape;
    }

    private static void Save(Figure figure, string path, List<string> written)
    {
        Figures.SavePng(figure.Plot, path, figure.Width, figure.Height);
        written.Add(path);
    }

    private static IEnumerable<Shown> FirstSeedPredictions(DatasetPlan dataset)
    {
        if (dataset.Trainings.Count == 0) return [];
        long seed = dataset.Trainings[0].Seed;
        return dataset.Trainings.Where(t => t.Seed == seed)
            .SelectMany(t => t.Predictions)
            .Where(p => File.Exists(p.Path))
            .Select(p => new Shown(
                $"{p.Training.Row.Label} {RowPreset.SolverLabel(p.Training.Row.TrainingSolver)} → {RowPreset.SolverLabel(p.Solver)}",
                StoredPrediction.ReadArrays(p.Path)));
    }

    /// <summary>
    /// Space-time diagrams of the first test trajectory: truth beside the energy deviation of every row, then each row's
    /// prediction (same colours as the truth) beside its error (own symmetric range).
    /// </summary>
    private static Figure SpaceTime(DatasetPreset preset, Dataset data, IReadOnlyList<Shown> shown)
    {
        int trajectory = data.TestTrajectories[0];
        var truth = Figures.ToMatrix(data.U[trajectory]);
        int points = truth.GetLength(0);
        double dx = data.Dx!.Value;
        bool signed = IsSigned(truth);
        var range = signed ? Symmetric(MaxAbs(truth)) : new ScottPlot.Range(Min(truth), Max(truth));
        var plots = new List<Plot>
        {
            Heatmaps.SpaceTime(truth, data.Dt, dx, $"{preset.Title}: truth (test trajectory {trajectory})", range: range, diverging: signed),
            EnergyDeviationPlot(preset, data, shown),
        };
        foreach (var row in shown)
        {
            var predicted = FirstTrajectory(row.Values(RowEvaluation.States)!, row.Shape(RowEvaluation.States), points);
            var error = new double[points, truth.GetLength(1)];
            for (int n = 0; n < points; n++)
                for (int i = 0; i < truth.GetLength(1); i++) error[n, i] = predicted[n, i] - truth[n, i];
            plots.Add(Heatmaps.SpaceTime(predicted, data.Dt, dx, $"{row.Name}: prediction", range: range, diverging: signed));
            plots.Add(Heatmaps.SpaceTime(error, data.Dt, dx,
                $"{row.Name}: error (max |e| {Scientific(MaxAbs(error))})", "prediction - truth", diverging: true));
        }
        return new Figure(Figures.Grid(plots, 2), 1300, 340 * (plots.Count / 2));
    }

    private static Figure EnergyDeviation(DatasetPreset preset, Dataset data, IReadOnlyList<Shown> shown) =>
        new(new Multiplot(EnergyDeviationPlot(preset, data, shown)), 1000, 620);

    /// <summary>|H(t) - H(0)| of the true energy along each row's prediction (and the truth), first test trajectory, log scale.</summary>
    private static Plot EnergyDeviationPlot(DatasetPreset preset, Dataset data, IReadOnlyList<Shown> shown)
    {
        var series = new List<LineSeries>();
        if (shown.FirstOrDefault(s => s.Values(RowEvaluation.TrueEnergy) is not null) is { } any)
        {
            var truth = FirstRow(any.Values(RowEvaluation.TrueEnergy)!, any.Shape(RowEvaluation.TrueEnergy));
            series.Add(new LineSeries("truth", Time(data.Dt, truth.Length), Deviation(truth), Colors.Black));
        }
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < shown.Count; i++)
        {
            if (shown[i].Values(RowEvaluation.Energy) is not { } energy) continue;
            var values = FirstRow(energy, shown[i].Shape(RowEvaluation.Energy));
            series.Add(new LineSeries(shown[i].Name, Time(data.Dt, values.Length), Deviation(values), palette.GetColor(i), Dashed: i % 2 == 1));
        }
        return LinePlots.Lines($"{preset.Title}: energy deviation |H(t) - H(0)| along the predictions", "t", "|H(t) - H(0)|", series, logY: true);
    }

    /// <summary>2-D snapshots of truth, prediction and error at <see cref="Snapshots"/> times of the first test trajectory.</summary>
    private static Figure Snapshots2d(DatasetPreset preset, Dataset data, Shown row)
    {
        int trajectory = data.TestTrajectories[0];
        var shape = row.Shape(RowEvaluation.States);
        int points = (int)shape[1], height = (int)shape[2], width = (int)shape[3];
        var states = row.Values(RowEvaluation.States)!;
        var times = Enumerable.Range(0, Snapshots).Select(k => k * (points - 1) / (Snapshots - 1)).Distinct().ToArray();
        var truths = times.Select(n => Figures.ToMatrix(data.U[trajectory, n])).ToArray();
        var predictions = times.Select(n => Slice(states, n * height * width, height, width)).ToArray();
        var errors = truths.Zip(predictions, (t, p) => Subtract(p, t)).ToArray();
        var fieldRange = Symmetric(Math.Max(truths.Max(MaxAbs), predictions.Max(MaxAbs)));
        var errorRange = Symmetric(errors.Max(MaxAbs));
        double dx = data.Dx!.Value;
        var plots = new List<Plot>();
        for (int k = 0; k < times.Length; k++)
            plots.Add(Heatmaps.Snapshot(truths[k], dx, $"truth, t = {(times[k] * data.Dt).ToString("G3", C)}", range: fieldRange, diverging: true));
        for (int k = 0; k < times.Length; k++)
            plots.Add(Heatmaps.Snapshot(predictions[k], dx, $"{row.Name}, t = {(times[k] * data.Dt).ToString("G3", C)}", range: fieldRange, diverging: true));
        for (int k = 0; k < times.Length; k++)
            plots.Add(Heatmaps.Snapshot(errors[k], dx, $"error, t = {(times[k] * data.Dt).ToString("G3", C)}", "prediction - truth", errorRange, diverging: true));
        plots[0].Title($"{preset.Title}\ntruth (test trajectory {trajectory}), t = 0");
        return new Figure(Figures.Grid(plots, times.Length), 430 * times.Length, 3 * 400);
    }

    /// <summary>Phase portraits of the first test trajectory: one panel per row, truth (points or line) and prediction (dashed).</summary>
    private static Figure PhasePortraits(DatasetPreset preset, Dataset data, IReadOnlyList<Shown> shown)
    {
        int trajectory = data.TestTrajectories[0];
        var truth = Figures.ToMatrix(data.U[trajectory]);
        int points = truth.GetLength(0), size = truth.GetLength(1);
        bool noisy = data.HasNoisyStates;
        bool orbits = data.System == "two-body" && size == 8;
        var plots = new List<Plot>();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < shown.Count; i++)
        {
            var predicted = FirstTrajectory(shown[i].Values(RowEvaluation.States)!, shown[i].Shape(RowEvaluation.States), points);
            var series = new List<LineSeries>();
            if (orbits)
            {
                series.Add(new LineSeries($"truth {trajectory}, body 1", Column(truth, 0), Column(truth, 1), Colors.Gray));
                series.Add(new LineSeries("truth, body 2", Column(truth, 2), Column(truth, 3), Colors.DarkGray));
                series.Add(new LineSeries("model, body 1", Column(predicted, 0), Column(predicted, 1), palette.GetColor(i), Dashed: true));
                series.Add(new LineSeries("model, body 2", Column(predicted, 2), Column(predicted, 3), palette.GetColor(i).Darken(0.3), Dashed: true));
                plots.Add(LinePlots.PhasePortrait(shown[i].Name, series, "x", "y"));
            }
            else
            {
                series.Add(new LineSeries(noisy ? $"truth {trajectory} (noisy data)" : $"truth {trajectory}", Column(truth, 0), Column(truth, size / 2), Colors.Gray, Points: noisy));
                series.Add(new LineSeries("model", Column(predicted, 0), Column(predicted, size / 2), palette.GetColor(i), Dashed: true));
                plots.Add(LinePlots.PhasePortrait(shown[i].Name, series));
            }
        }
        plots[0].Title($"{preset.Title}: {shown[0].Name}");
        int columns = Math.Min(4, plots.Count);
        int rowsCount = (plots.Count + columns - 1) / columns;
        return new Figure(Figures.Grid(plots, columns), 460 * columns, 440 * rowsCount);
    }

    /// <summary>The true energy along the truth and each row's prediction, first test trajectory.</summary>
    private static Figure EnergyOverTime(DatasetPreset preset, Dataset data, IReadOnlyList<Shown> shown)
    {
        var series = new List<LineSeries>();
        if (shown.FirstOrDefault(s => s.Values(RowEvaluation.TrueEnergy) is not null) is { } any)
        {
            var truth = FirstRow(any.Values(RowEvaluation.TrueEnergy)!, any.Shape(RowEvaluation.TrueEnergy));
            series.Add(new LineSeries("truth", Time(data.Dt, truth.Length), truth, Colors.Black));
        }
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < shown.Count; i++)
        {
            if (shown[i].Values(RowEvaluation.Energy) is not { } energy) continue;
            var values = FirstRow(energy, shown[i].Shape(RowEvaluation.Energy));
            var kept = Enumerable.Range(0, values.Length).Where(n => double.IsFinite(values[n])).ToArray();
            series.Add(new LineSeries(shown[i].Name, kept.Select(n => n * data.Dt).ToArray(), kept.Select(n => values[n]).ToArray(),
                palette.GetColor(i), Dashed: i % 2 == 1));
        }
        var plot = LinePlots.Lines($"{preset.Title}: true energy along the predictions (test trajectory {data.TestTrajectories[0]})", "t", "H", series);
        return new Figure(new Multiplot(plot), 1100, 620);
    }

    /// <summary>Train and test loss of every training of the dataset, one panel per row preset, every seed.</summary>
    private static Figure? Curves(DatasetPlan dataset)
    {
        var plots = new List<Plot>();
        foreach (var group in dataset.Trainings.GroupBy(t => t.Row))
        {
            var curves = new List<LossCurve>();
            bool severalSeeds = group.Count() > 1;
            foreach (var training in group)
            {
                string log = new RunDirectory(training.RunPath).LogPath;
                if (!File.Exists(log)) continue;
                var rows = LossLog.Read(log);
                if (rows.Count == 0) continue;
                curves.Add(new LossCurve(severalSeeds ? $"seed {training.Seed}" : "",
                    rows.Select(r => (double)r.Step).ToArray(), rows.Select(r => r.TrainLoss).ToArray(), rows.Select(r => r.TestLoss).ToArray()));
            }
            if (curves.Count == 0) continue;
            var row = group.Key;
            plots.Add(TrainingCurves.Create($"{dataset.Preset.Title}: {row.Label} ({RowPreset.SolverLabel(row.TrainingSolver)})", curves));
        }
        if (plots.Count == 0) return null;
        int columns = Math.Min(3, plots.Count);
        int rowsCount = (plots.Count + columns - 1) / columns;
        return new Figure(Figures.Grid(plots, columns), 520 * columns, 400 * rowsCount);
    }

    /// <summary>The learned kernel with its check in the title, beside the slides' kernel.</summary>
    private static Figure Kernel(LearnedKernelResult kernel)
    {
        var report = kernel.Report;
        int rows = (int)report.KernelShape[0], columns = report.KernelShape.Length > 1 ? (int)report.KernelShape[1] : 1;
        var learned = new double[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) learned[r, c] = report.Weights[r * columns + c];
        string check = $"sum {Scientific(report.Sum)} ({(report.IsZeroSum ? "zero" : "not zero")}), " +
                       $"symmetry deviation {report.SymmetryDeviation.ToString("0.00", C)} ({(report.IsIsotropic ? "isotropic" : "not isotropic")}),\n" +
                       $"symmetric part's eigenvalues in [{Scientific(report.MinEigenvalue)}, {Scientific(report.MaxEigenvalue)}]: {report.Definiteness}";
        var plots = new List<Plot>
        {
            AnnotatedHeatmap.Create(learned, $"{kernel.Dataset.Title}: the learned 3×3 kernel of G\n{check}", "weight", Format(learned)),
        };
        if (rows == 3 && columns == 3)
            plots.Add(AnnotatedHeatmap.Create(SlidesKernel, "the slides' learned kernel (up to a scale):\nzero sum, negative definite, isotropic", "weight", "0.000"));
        return new Figure(Figures.Grid(plots, plots.Count), 780 * plots.Count, 680);
    }

    /// <summary>The kernel shown in the slides (paper.md section 4), up to a scale.</summary>
    public static double[,] SlidesKernel { get; } =
    {
        { 2.450, 1.339, 2.448 },
        { 1.328, -15.148, 1.326 },
        { 2.447, 1.338, 2.452 },
    };

    /// <summary>The relative drift of the learned energy (solid) and the true energy (dashed) of each long rollout.</summary>
    private static Figure? LongRollout(DatasetPlan dataset, double dt)
    {
        var series = new List<LineSeries>();
        var palette = new ScottPlot.Palettes.Category10();
        int steps = 0;
        for (int i = 0; i < dataset.LongRollouts.Count; i++)
        {
            var rollout = dataset.LongRollouts[i];
            if (!File.Exists(rollout.Path)) continue;
            var arrays = StoredPrediction.ReadArrays(rollout.Path);
            steps = rollout.Steps;
            string label = RowPreset.SolverLabel(rollout.Solver);
            var learned = (double[])arrays[RowEvaluation.ModelEnergy].Data;
            series.Add(new LineSeries($"{label}: learned energy", Time(dt, learned.Length), RelativeDeviation(learned), palette.GetColor(i)));
            if (arrays.TryGetValue(RowEvaluation.Energy, out var trueEnergy))
                series.Add(new LineSeries($"{label}: true energy", Time(dt, trueEnergy.Data.Length), RelativeDeviation((double[])trueEnergy.Data),
                    palette.GetColor(i), Dashed: true));
        }
        if (series.Count == 0) return null;
        string length = steps < LongRolloutPreset.PaperSteps
            ? $"{steps} steps (fewer than the paper's {LongRolloutPreset.PaperSteps})"
            : $"{steps} steps";
        var plot = LinePlots.Lines($"{dataset.Preset.Title}: energy drift of DGNet over {length}, first test state", "t",
            "|H(t) - H(0)| / |H(0)|", series, logY: true);
        return new Figure(new Multiplot(plot), 1100, 620);
    }


    /// <summary>The first trajectory of stored states [trajectories, points, size] as a matrix [points, size].</summary>
    private static double[,] FirstTrajectory(double[] values, long[] shape, int points)
    {
        int size = (int)shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        return Slice(values, 0, Math.Min(points, (int)shape[1]), size);
    }

    private static double[,] Slice(double[] values, int offset, int rows, int columns)
    {
        var matrix = new double[rows, columns];
        Buffer.BlockCopy(values, offset * sizeof(double), matrix, 0, rows * columns * sizeof(double));
        return matrix;
    }

    private static double[] FirstRow(double[] values, long[] shape) => values.Take((int)shape[1]).ToArray();

    private static double[] Column(double[,] matrix, int column) =>
        Enumerable.Range(0, matrix.GetLength(0)).Select(r => matrix[r, column]).ToArray();

    private static double[] Time(double dt, int count) => Enumerable.Range(0, count).Select(n => n * dt).ToArray();

    private static double[] Deviation(double[] energy) => energy.Select(h => Math.Abs(h - energy[0])).ToArray();

    private static double[] RelativeDeviation(double[] energy)
    {
        double scale = Math.Abs(energy[0]) > 0 ? Math.Abs(energy[0]) : 1;
        return energy.Select(h => Math.Abs(h - energy[0]) / scale).ToArray();
    }

    private static double[,] Subtract(double[,] a, double[,] b)
    {
        var result = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) result[i, j] = a[i, j] - b[i, j];
        return result;
    }

    private static IEnumerable<double> Finite(double[,] field) => field.Cast<double>().Where(double.IsFinite);

    private static double MaxAbs(double[,] field) => Finite(field).Select(Math.Abs).DefaultIfEmpty(0).Max();

    private static double Min(double[,] field) => Finite(field).DefaultIfEmpty(0).Min();

    private static double Max(double[,] field) => Finite(field).DefaultIfEmpty(0).Max();

    private static bool IsSigned(double[,] field) => Min(field) < -0.25 * MaxAbs(field) && Max(field) > 0.25 * MaxAbs(field);

    private static ScottPlot.Range Symmetric(double extent) => extent > 0 ? new(-extent, extent) : new(-1, 1);

    private static string Scientific(double value) => ResultTables.Scientific(value);

    /// <summary>Enough decimals for a kernel's cell labels.</summary>
    private static string Format(double[,] values)
    {
        double extent = values.Cast<double>().Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(1).Max();
        return extent >= 100 ? "0.0" : extent >= 1 ? "0.000" : "0.000e+0";
    }
}
