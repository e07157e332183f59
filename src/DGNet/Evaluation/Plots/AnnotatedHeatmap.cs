using System.Globalization;
using ScottPlot;

namespace DGNet.Evaluation.Plots;

/// <summary>
/// A small matrix (such as a learned 3×3 convolution kernel) as a heatmap with each cell's value written in it, rows
/// from the top as the matrix is printed, with a colour bar.
/// </summary>
public static class AnnotatedHeatmap
{
    /// <summary>The plot of <paramref name="values"/> [rows, columns].</summary>
    /// <param name="values">The matrix; row 0 is drawn at the top.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="valueLabel">Label of the colour bar.</param>
    /// <param name="format">Number format of the cell labels (e.g. "0.000").</param>
    /// <param name="diverging">A diverging colour map centred on zero (for values of both signs).</param>
    /// <param name="columnLabels">Labels under the columns; their offsets from the centre column by default.</param>
    /// <param name="rowLabels">Labels beside the rows; their offsets from the centre row by default.</param>
    /// <param name="xLabel">Label of the horizontal axis.</param>
    /// <param name="yLabel">Label of the vertical axis.</param>
    public static Plot Create(double[,] values, string title, string valueLabel = "value", string format = "0.000",
        bool diverging = true, IReadOnlyList<string>? columnLabels = null, IReadOnlyList<string>? rowLabels = null,
        string xLabel = "column offset", string yLabel = "row offset")
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), columns = values.GetLength(1);
        if (rows == 0 || columns == 0) throw new ArgumentException($"{title}: the matrix is empty");
        columnLabels ??= Offsets(columns);
        rowLabels ??= Offsets(rows);
        if (columnLabels.Count != columns || rowLabels.Count != rows)
            throw new ArgumentException($"{title}: {columnLabels.Count} column and {rowLabels.Count} row labels for a {rows} × {columns} matrix");

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Position = new CoordinateRect(-0.5, columns - 0.5, -0.5, rows - 0.5);
        double extent = values.Cast<double>().Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        heatmap.Colormap = diverging ? new ScottPlot.Colormaps.Balance() : new ScottPlot.Colormaps.Viridis();
        if (diverging) heatmap.ManualRange = extent > 0 ? new ScottPlot.Range(-extent, extent) : new ScottPlot.Range(-1, 1);
        var range = heatmap.ManualRange ?? new ScottPlot.Range(values.Cast<double>().Min(), values.Cast<double>().Max());
        plot.Add.ColorBar(heatmap).Label = valueLabel;

        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                double value = values[r, c];
                var text = plot.Add.Text(value.ToString(format, CultureInfo.InvariantCulture), c, rows - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 18;
                text.LabelBold = true;
                text.LabelFontColor = OnDarkCell(value, range, diverging) ? Colors.White : Colors.Black;
            }

        var xTicks = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < columns; c++) xTicks.AddMajor(c, columnLabels[c]);
        var yTicks = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < rows; r++) yTicks.AddMajor(rows - 1 - r, rowLabels[r]);
        plot.Axes.Bottom.TickGenerator = xTicks;
        plot.Axes.Left.TickGenerator = yTicks;
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.Axes.SquareUnits();
        plot.Grid.IsVisible = false;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Whether a value's cell is dark enough for white text: the ends of a diverging map, the low end of viridis.</summary>
    private static bool OnDarkCell(double value, ScottPlot.Range range, bool diverging)
    {
        if (!double.IsFinite(value)) return false;
        if (diverging) return Math.Abs(value) > 0.55 * Math.Max(Math.Abs(range.Min), Math.Abs(range.Max));
        double span = range.Max - range.Min;
        return span > 0 && (value - range.Min) / span < 0.45;
    }

    private static string[] Offsets(int count) =>
        Enumerable.Range(0, count).Select(i => (i - count / 2).ToString(CultureInfo.InvariantCulture)).ToArray();
}
