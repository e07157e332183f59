using DGNet.Data;
using DGNet.Systems;
using ScottPlot;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Evaluation.Plots;

/// <summary>
/// An overview of one trajectory of a dataset: a space-time diagram (1-D fields), snapshots (2-D fields) or a
/// phase portrait with the energy (ODEs), and the drift of the conserved quantities on a log scale.
/// </summary>
public static class DatasetFigure
{
    /// <summary>Snapshots shown for a 2-D field.</summary>
    public const int Snapshots = 5;

    /// <summary>The figure for trajectory <paramref name="trajectory"/> and its recommended size in pixels.</summary>
    /// <exception cref="ArgumentException">The trajectory index is out of range.</exception>
    public static (Multiplot Figure, int Width, int Height) Create(Dataset dataset, int trajectory)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (trajectory < 0 || trajectory >= dataset.Trajectories)
            throw new ArgumentException($"trajectory {trajectory} is out of range (the dataset has trajectories 0 to {dataset.Trajectories - 1})");
        using var scope = NewDisposeScope();
        var u = dataset.U[trajectory];
        string name = dataset.System ?? "dataset";
        string title = $"{name}, trajectory {trajectory} ({(dataset.Split[trajectory] == 1 ? "test" : "train")})";
        var time = Enumerable.Range(0, dataset.TimePoints).Select(n => n * dataset.Dt).ToArray();
        var energy = EnergyOf(dataset, trajectory, u);

        var plots = new List<Plot>();
        int columns;
        if (dataset.Dx is double dx && dataset.StateShape.Length == 1)
        {
            var field = Figures.ToMatrix(u);
            plots.Add(Heatmaps.SpaceTime(field, dataset.Dt, dx, title, diverging: IsSigned(field.Cast<double>())));
            columns = 3;
        }
        else if (dataset.Dx is double spacing)
        {
            var picks = Enumerable.Range(0, Snapshots).Select(k => k * (dataset.TimePoints - 1) / (Snapshots - 1)).Distinct().ToList();
            var fields = picks.Select(n => Figures.ToMatrix(u[n])).ToList();
            bool signed = IsSigned(fields.SelectMany(f => f.Cast<double>()));
            var range = signed
                ? Symmetric(fields.Max(f => f.Cast<double>().Max(Math.Abs)))
                : new ScottPlot.Range(fields.Min(f => f.Cast<double>().Min()), fields.Max(f => f.Cast<double>().Max()));
            for (int k = 0; k < picks.Count; k++)
            {
                string label = $"t = {time[picks[k]]:G4}";
                plots.Add(Heatmaps.Snapshot(fields[k], spacing, k == 0 ? $"{title}: {label}" : label, range: range, diverging: signed));
            }
            columns = 4;
        }
        else
        {
            plots.Add(PhasePortrait(u, name, title, dataset.HasNoisyStates));
            columns = 3;
        }
        if (energy is not null) plots.Add(EnergyPlot(time, energy));
        var mass = dataset.Dx is double cell ? Mass(u, cell, dataset.StateShape.Length) : null;
        if (Drift(time, energy, mass) is { } drift) plots.Add(drift);

        columns = Math.Min(columns, plots.Count);
        int rows = (plots.Count + columns - 1) / columns;
        return (Figures.Grid(plots, columns), 540 * columns, 520 * rows);
    }

    /// <summary>Whether a field takes both signs in earnest, so that a diverging colour map centred on 0 fits it.</summary>
    private static bool IsSigned(IEnumerable<double> values)
    {
        var list = values.ToList();
        double extent = list.Max(Math.Abs);
        return list.Min() < -0.25 * extent && list.Max() > 0.25 * extent;
    }


    private static Plot PhasePortrait(Tensor u, string system, string title, bool pointsOnly)
    {
        int n = (int)u.shape[1] / 2;
        var values = u.contiguous().data<double>().ToArray();
        int width = (int)u.shape[1];
        double[] Column(int c) => Enumerable.Range(0, (int)u.shape[0]).Select(t => values[t * width + c]).ToArray();
        if (system == "two-body" && n == 4)
        {
            // Positions in the plane tell more than (q, p) pairs for orbits.
            return LinePlots.PhasePortrait($"{title}: orbits",
                [new LineSeries("body 1", Column(0), Column(1), Points: pointsOnly), new LineSeries("body 2", Column(2), Column(3), Points: pointsOnly)],
                "x", "y");
        }
        string states = pointsOnly ? "noisy states" : "";
        var pairs = Enumerable.Range(0, n)
            .Select(k => new LineSeries(n == 1 ? states : $"(q{k + 1}, p{k + 1}) {states}".TrimEnd(), Column(k), Column(n + k), Points: pointsOnly))
            .ToList();
        return LinePlots.PhasePortrait(title, pairs);
    }

    /// <summary>H(t) on a linear scale; a nearly constant energy gets a window of ±0.1% so its ticks stay readable.</summary>
    private static Plot EnergyPlot(double[] time, double[] energy)
    {
        var plot = LinePlots.Lines("energy", "t", "H", [new LineSeries("H(t)", time, energy)]);
        double min = energy.Min(), max = energy.Max(), middle = 0.5 * (min + max);
        double window = 1e-3 * Math.Max(Math.Abs(middle), 1e-12);
        if (max - min < window) plot.Axes.SetLimitsY(middle - window, middle + window);
        return plot;
    }

    /// <summary>
    /// Drift of the conserved quantities on a log scale: |H(t) - H(0)| / |H(0)| when the energy is conserved (to
    /// 0.1%), and for fields |M(t) - M(0)| with M = Σu dx^d. Null when nothing is conserved.
    /// </summary>
    private static Plot? Drift(double[] time, double[]? energy, double[]? mass)
    {
        var series = new List<LineSeries>();
        if (energy is not null)
        {
            double scale = Math.Abs(energy[0]) > 0 ? Math.Abs(energy[0]) : 1;
            var relative = energy.Select(h => Math.Abs(h - energy[0]) / scale).ToArray();
            if (relative.Max() < 1e-3) series.Add(new LineSeries("energy |H(t) - H(0)| / |H(0)|", time, relative));
        }
        if (mass is not null)
            series.Add(new LineSeries("mass |M(t) - M(0)|", time, mass.Select(m => Math.Abs(m - mass[0])).ToArray()));
        if (series.Count == 0) return null;
        string title = series.Count == 2 ? "energy and mass drift" : series[0].Label.StartsWith("mass") ? "mass drift" : "energy drift";
        if (series.All(s => s.Y.All(y => y == 0))) title += ": none at all";
        return LinePlots.Lines(title, "t", "drift", series, logY: true);
    }

    /// <summary>
    /// The stored energy; else the energy of the named system when the state and grid fit it; else null (a user's
    /// own data with only u and dt).
    /// </summary>
    private static double[]? EnergyOf(Dataset dataset, int trajectory, Tensor u)
    {
        if (dataset.Energy is not null) return dataset.Energy[trajectory].data<double>().ToArray();
        if (dataset.System is null || !SystemRegistry.Names.Contains(dataset.System)) return null;
        int? grid = dataset.IsField ? (int)dataset.StateShape[0] : null;
        PhysicalSystem system;
        try
        {
            system = SystemRegistry.Create(dataset.System, grid);
        }
        catch (ArgumentException)
        {
            return null;
        }
        bool fits = system.StateShape.SequenceEqual(dataset.StateShape)
                    && (system.GridSpacing is not double dx || Math.Abs(dx - dataset.Dx!.Value) <= 1e-12 * dx);
        return fits ? system.Energy(u).data<double>().ToArray() : null;
    }

    /// <summary>M(t) = Σu dx^d along a trajectory [time points, *field].</summary>
    private static double[] Mass(Tensor u, double dx, int dimensions) =>
        (u.flatten(1).sum(1) * Math.Pow(dx, dimensions)).data<double>().ToArray();

    private static ScottPlot.Range Symmetric(double extent) => extent > 0 ? new(-extent, extent) : new(-1, 1);
}
