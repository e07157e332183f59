using ScottPlot;

namespace DGNet.Evaluation.Plots;

/// <summary>Curves against a common axis (energy or error against time), optionally on a logarithmic y axis.</summary>
public static class LinePlots
{
    /// <summary>
    /// A plot of the <paramref name="series"/> with a legend. With <paramref name="logY"/> the y axis is
    /// logarithmic and points with y &lt;= 0 (which it cannot show) are left out.
    /// </summary>
    public static Plot Lines(string title, string xLabel, string yLabel, IReadOnlyList<LineSeries> series, bool logY = false)
    {
        var plot = new Plot();
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var line in series)
        {
            line.Validate();
            var (x, y) = logY ? PositiveLog10(line.X, line.Y) : (line.X, line.Y);
            if (x.Length == 0) continue;
            AddLine(plot, line, x, y);
            if (logY) (low, high) = (Math.Min(low, y.Min()), Math.Max(high, y.Max()));
        }
        if (logY) UseLogTicks(plot, decades: high - low);
        Decorate(plot, title, xLabel, logY ? $"{yLabel} (log scale)" : yLabel, series);
        return plot;
    }

    /// <summary>
    /// Trajectories in the (q, p) plane with a marker at each start and equal scales on both axes, so that
    /// circles look round.
    /// </summary>
    public static Plot PhasePortrait(string title, IReadOnlyList<LineSeries> trajectories, string qLabel = "q", string pLabel = "p")
    {
        var plot = new Plot();
        foreach (var trajectory in trajectories)
        {
            trajectory.Validate();
            if (trajectory.X.Length == 0) continue;
            var line = AddLine(plot, trajectory, trajectory.X, trajectory.Y);
            var start = plot.Add.Marker(trajectory.X[0], trajectory.Y[0], MarkerShape.FilledCircle, 8, line.LineColor);
            start.LegendText = "";
        }
        Decorate(plot, title, qLabel, pLabel, trajectories);
        plot.Axes.SquareUnits();
        return plot;
    }

    private static ScottPlot.Plottables.Scatter AddLine(Plot plot, LineSeries series, double[] x, double[] y)
    {
        var line = series.Points ? plot.Add.ScatterPoints(x, y) : plot.Add.ScatterLine(x, y);
        if (series.Points) line.MarkerSize = 5;
        else line.LineWidth = 2;
        line.LegendText = series.Label;
        if (series.Color is Color color) line.Color = color;
        if (series.Dashed) line.LinePattern = LinePattern.Dashed;
        return line;
    }

    private static void Decorate(Plot plot, string title, string xLabel, string yLabel, IReadOnlyList<LineSeries> series)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        int labelled = series.Count(s => s.Label.Length > 0);
        if (labelled > 6) plot.ShowLegend(Edge.Right);
        else if (labelled > 0) plot.ShowLegend(Alignment.UpperRight);
    }

    private static (double[] X, double[] Y) PositiveLog10(double[] x, double[] y)
    {
        var kept = Enumerable.Range(0, x.Length).Where(i => y[i] > 0 && double.IsFinite(y[i]) && double.IsFinite(x[i])).ToArray();
        return (kept.Select(i => x[i]).ToArray(), kept.Select(i => Math.Log10(y[i])).ToArray());
    }

    /// <summary>
    /// Ticks on the log10-transformed axis, labelled with the values they stand for: at powers of ten (1e-12) with
    /// minor ticks at 2..9 × 10^k when the data span two decades or more; otherwise anywhere, labelled like 3.2e-13.
    /// </summary>
    private static void UseLogTicks(Plot plot, double decades)
    {
        bool wide = decades >= 2;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = wide,
            LabelFormatter = exponent => wide
                ? $"1e{Math.Round(exponent):0}"
                : Math.Pow(10, exponent).ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
