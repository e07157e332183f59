using DGNet.Evaluation.Plots;
using ScottPlot;

namespace DGNet.Tests.Evaluation.Plots;

public class FiguresTests
{
    [Fact]
    public void GridHoldsEveryPlotAndSavesAtTheRequestedSize()
    {
        var plots = Enumerable.Range(0, 3).Select(i =>
        {
            var plot = new Plot();
            plot.Title($"panel {i}");
            return plot;
        }).ToList();
        var figure = Figures.Grid(plots, columns: 2);
        Assert.Equal(plots, figure.Subplots.GetPlots());
        string path = TempFiles.Path("grid.png");
        Figures.SavePng(figure, path, 640, 480);
        using var image = PlotFiles.Read(path);
        Assert.Equal((640, 480), (image.Width, image.Height));
    }

    [Fact]
    public void ImpossibleLayoutsAndSizesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Figures.Grid([], 2));
        Assert.Throws<ArgumentException>(() => Figures.Grid([new Plot()], 0));
        Assert.Throws<ArgumentException>(() => Figures.SavePng(new Plot(), Path.Combine(Path.GetTempPath(), "never.png"), 10, 600));
    }
}
