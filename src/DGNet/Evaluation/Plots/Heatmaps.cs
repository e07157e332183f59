using ScottPlot;

namespace DGNet.Evaluation.Plots;

/// <summary>Colour maps of fields: space-time diagrams of 1-D fields and snapshots of 2-D fields, with colour bars.</summary>
public static class Heatmaps
{
    /// <summary>
    /// A space-time diagram: position on the horizontal axis, time upwards, the value as colour.
    /// </summary>
    /// <param name="field">Values [time points, grid points]; row n at t = n dt, column i at x = i dx.</param>
    /// <param name="dt">Time between rows.</param>
    /// <param name="dx">Grid spacing between columns.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="valueLabel">Label of the colour bar.</param>
    /// <param name="range">Colour range; the data's range when null.</param>
    /// <param name="diverging">Uses a diverging colour map centred on zero (for signed fields and errors).</param>
    public static Plot SpaceTime(double[,] field, double dt, double dx, string title, string valueLabel = "u(x, t)",
        ScottPlot.Range? range = null, bool diverging = false)
    {
        int times = field.GetLength(0), points = field.GetLength(1);
        if (times == 0 || points == 0) throw new ArgumentException($"{title}: the field is empty");
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(field);
        // Row 0 is the first time point, drawn at the bottom; each cell centred on its grid point and time.
        heatmap.FlipVertically = true;
        heatmap.Position = new CoordinateRect(-dx / 2, (points - 0.5) * dx, -dt / 2, (times - 0.5) * dt);
        Style(plot, heatmap, title, "x", "t", valueLabel, range, diverging);
        plot.Axes.SetLimits(-dx / 2, (points - 0.5) * dx, -dt / 2, (times - 0.5) * dt);
        return plot;
    }

    /// <summary>A 2-D field [rows y, columns x] on a grid of spacing dx, drawn with y upwards and square cells.</summary>
    public static Plot Snapshot(double[,] field, double dx, string title, string valueLabel = "u(x, y)",
        ScottPlot.Range? range = null, bool diverging = false)
    {
        int rows = field.GetLength(0), columns = field.GetLength(1);
        if (rows == 0 || columns == 0) throw new ArgumentException($"{title}: the field is empty");
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(field);
        heatmap.FlipVertically = true;
        heatmap.Position = new CoordinateRect(-dx / 2, (columns - 0.5) * dx, -dx / 2, (rows - 0.5) * dx);
        Style(plot, heatmap, title, "x", "y", valueLabel, range, diverging);
        plot.Axes.SetLimits(-dx / 2, (columns - 0.5) * dx, -dx / 2, (rows - 0.5) * dx);
        plot.Axes.SquareUnits();
        return plot;
    }

    /// <summary>
    /// A grid of 2-D snapshots sharing one colour range, so that colours compare across panels.
    /// </summary>
    public static Multiplot SnapshotGrid(IReadOnlyList<(string Title, double[,] Field)> snapshots, double dx, int columns,
        string valueLabel = "u(x, y)", bool diverging = false)
    {
        if (snapshots.Count == 0) throw new ArgumentException("a snapshot grid needs at least one field");
        var range = diverging
            ? Symmetric(snapshots.Max(s => MaxAbs(s.Field)))
            : new ScottPlot.Range(snapshots.Min(s => Min(s.Field)), snapshots.Max(s => Max(s.Field)));
        var plots = snapshots.Select(s => Snapshot(s.Field, dx, s.Title, valueLabel, range, diverging)).ToList();
        return Figures.Grid(plots, columns);
    }

    private static void Style(Plot plot, ScottPlot.Plottables.Heatmap heatmap, string title, string xLabel, string yLabel,
        string valueLabel, ScottPlot.Range? range, bool diverging)
    {
        heatmap.Colormap = diverging ? new ScottPlot.Colormaps.Balance() : new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = range ?? (diverging ? Symmetric(MaxAbs(heatmap.Intensities)) : null);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = valueLabel;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Grid.IsVisible = false;
    }

    private static ScottPlot.Range Symmetric(double extent) => extent > 0 ? new(-extent, extent) : new(-1, 1);

    private static IEnumerable<double> Values(double[,] field) => field.Cast<double>().Where(double.IsFinite);

    private static double MaxAbs(double[,] field) => Values(field).Select(Math.Abs).DefaultIfEmpty(0).Max();

    private static double Min(double[,] field) => Values(field).DefaultIfEmpty(0).Min();

    private static double Max(double[,] field) => Values(field).DefaultIfEmpty(0).Max();
}
