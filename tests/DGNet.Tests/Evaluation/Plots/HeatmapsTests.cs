using DGNet.Evaluation.Plots;
using ScottPlot;

namespace DGNet.Tests.Evaluation.Plots;

public class HeatmapsTests
{
    [Fact]
    public void SpaceTimeDrawsTimeUpwardsAndPositionToTheRight()
    {
        // u(x, t) = t: the colour depends on time only, dark (low) at the first time point.
        const int times = 8, points = 30;
        const double dt = 0.5, dx = 0.1;
        var field = new double[times, points];
        for (int n = 0; n < times; n++)
        for (int i = 0; i < points; i++)
            field[n, i] = n * dt;
        var plot = Heatmaps.SpaceTime(field, dt, dx, "time only");
        string path = TempFiles.Path("st.png");
        Figures.SavePng(plot, path, 600, 400);

        using var image = PlotFiles.Read(path);
        var colormap = new ScottPlot.Colormaps.Viridis();
        var early = plot.GetPixel(new Coordinates(1.5, 0));
        var late = plot.GetPixel(new Coordinates(1.5, (times - 1) * dt));
        Assert.True(PlotFiles.Near(image.GetPixel((int)early.X, (int)early.Y), colormap.GetColor(0)), "t = 0 is not at the bottom");
        Assert.True(PlotFiles.Near(image.GetPixel((int)late.X, (int)late.Y), colormap.GetColor(1)), "the last time is not at the top");
        Assert.Equal("time only", plot.Axes.Title.Label.Text);
        Assert.Equal("x", plot.Axes.Bottom.Label.Text);
        Assert.Equal("t", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void SnapshotPutsTheFirstRowAtTheBottomAndTheFirstColumnLeft()
    {
        const int m = 16;
        const double dx = 1.0 / m;
        var field = new double[m, m];
        field[0, 0] = 1; // the corner (x = 0, y = 0)
        var plot = Heatmaps.Snapshot(field, dx, "corner", diverging: true);
        string path = TempFiles.Path("snapshot.png");
        Figures.SavePng(plot, path, 500, 450);

        using var image = PlotFiles.Read(path);
        var colormap = new ScottPlot.Colormaps.Balance();
        var corner = plot.GetPixel(new Coordinates(0, 0));
        var opposite = plot.GetPixel(new Coordinates((m - 1) * dx, (m - 1) * dx));
        // Diverging maps are symmetric about zero: 1 is the top of the range, 0 its middle.
        Assert.True(PlotFiles.Near(image.GetPixel((int)corner.X, (int)corner.Y), colormap.GetColor(1)));
        Assert.True(PlotFiles.Near(image.GetPixel((int)opposite.X, (int)opposite.Y), colormap.GetColor(0.5)));
    }

    [Fact]
    public void SnapshotGridSharesOneColourRange()
    {
        var small = new double[4, 4];
        var large = new double[4, 4];
        small[1, 1] = 0.5;
        large[2, 2] = -2;
        var figure = Heatmaps.SnapshotGrid([("small", small), ("large", large)], 0.25, columns: 2, diverging: true);
        var plots = figure.Subplots.GetPlots();
        Assert.Equal(2, plots.Length);
        foreach (var plot in plots)
        {
            var heatmap = plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single();
            Assert.Equal(new ScottPlot.Range(-2, 2), heatmap.ManualRange);
        }
    }

    [Fact]
    public void EmptyFieldsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Heatmaps.SpaceTime(new double[0, 5], 1, 1, "empty"));
        Assert.Throws<ArgumentException>(() => Heatmaps.SnapshotGrid([], 1, 2));
    }
}
