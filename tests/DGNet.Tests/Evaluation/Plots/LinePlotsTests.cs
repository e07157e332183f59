using DGNet.Evaluation.Plots;
using ScottPlot;

namespace DGNet.Tests.Evaluation.Plots;

public class LinePlotsTests
{
    [Fact]
    public void LogAxisShowsLog10OfThePositiveValuesOnly()
    {
        double[] x = [0, 1, 2, 3];
        double[] y = [0, 1e-3, 1e-6, -1];
        var plot = LinePlots.Lines("drift", "t", "|dH|", [new LineSeries("model", x, y)], logY: true);
        var points = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints();
        Assert.Equal([1.0, 2.0], points.Select(p => p.X));
        Assert.Equal(-3, points[0].Y, 12);
        Assert.Equal(-6, points[1].Y, 12);
        Assert.Contains("log", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void LegendNamesEverySeriesWithItsStyle()
    {
        double[] t = [0, 1, 2];
        var plot = LinePlots.Lines("energy", "t", "H",
            [new LineSeries("truth", t, [1, 1, 1], Colors.Black), new LineSeries("prediction", t, [1, 2, 3], Dashed: true)]);
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(["truth", "prediction"], lines.Select(l => l.LegendText));
        Assert.Equal(Colors.Black, lines[0].LineColor);
        Assert.Equal(LinePattern.Dashed, lines[1].LinePattern);
        Assert.True(plot.Legend.IsVisible);
    }

    [Fact]
    public void PhasePortraitMarksEachStartAndWritesAReadablePng()
    {
        var angles = Enumerable.Range(0, 50).Select(i => i * 0.13).ToArray();
        var plot = LinePlots.PhasePortrait("orbit", [new LineSeries("r = 1", angles.Select(Math.Cos).ToArray(), angles.Select(Math.Sin).ToArray())]);
        var marker = plot.GetPlottables().OfType<ScottPlot.Plottables.Marker>().Single();
        Assert.Equal(new Coordinates(1, 0), marker.Location);
        string path = TempFiles.Path("nested/phase.png");
        Figures.SavePng(plot, path, 400, 300);
        using var image = PlotFiles.Read(path);
        Assert.Equal((400, 300), (image.Width, image.Height));
    }

    [Fact]
    public void MismatchedCoordinatesAreRejected() =>
        Assert.Throws<ArgumentException>(() => LinePlots.Lines("bad", "x", "y", [new LineSeries("s", [1, 2], [1])]));
}
