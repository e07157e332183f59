using ScottPlot;

namespace DGNet.Evaluation.Plots;

/// <summary>Arranges plots into one figure and writes figures as PNG files.</summary>
public static class Figures
{
    /// <summary>A [rows, columns] tensor of float64 values as a host matrix (the form ScottPlot's heatmaps take).</summary>
    public static double[,] ToMatrix(TorchSharp.torch.Tensor values)
    {
        int rows = (int)values.shape[0], columns = (int)values.shape[1];
        var flat = values.contiguous().data<double>().ToArray();
        var matrix = new double[rows, columns];
        Buffer.BlockCopy(flat, 0, matrix, 0, flat.Length * sizeof(double));
        return matrix;
    }

    /// <summary>A figure of <paramref name="plots"/> in rows of <paramref name="columns"/>, filled row by row.</summary>
    public static Multiplot Grid(IReadOnlyList<Plot> plots, int columns)
    {
        if (plots.Count == 0) throw new ArgumentException("a figure needs at least one plot");
        if (columns < 1) throw new ArgumentException($"columns must be at least 1 (got {columns})");
        columns = Math.Min(columns, plots.Count);
        // The multiplot starts with the first plot as its only subplot.
        var figure = new Multiplot(plots[0]);
        foreach (var plot in plots.Skip(1)) figure.AddPlot(plot);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: (plots.Count + columns - 1) / columns, columns: columns);
        return figure;
    }

    /// <summary>Writes one plot as a PNG of the given size in pixels, creating the folder when needed.</summary>
    public static void SavePng(Plot plot, string path, int width = 900, int height = 600)
    {
        PrepareFolder(path, width, height);
        plot.SavePng(path, width, height);
    }

    /// <summary>Writes a multi-plot figure as a PNG of the given size in pixels, creating the folder when needed.</summary>
    public static void SavePng(Multiplot figure, string path, int width, int height)
    {
        PrepareFolder(path, width, height);
        figure.SavePng(path, width, height);
    }

    private static void PrepareFolder(string path, int width, int height)
    {
        if (width < 50 || height < 50) throw new ArgumentException($"{path}: a figure needs at least 50 × 50 pixels (got {width} × {height})");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
    }
}
