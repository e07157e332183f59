using DGNet.Data;
using DGNet.Evaluation.Plots;
using DGNet.Systems;
using ScottPlot;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Evaluation.Plots;

public class DatasetFigureTests
{
    private static string[] Titles(Multiplot figure) => figure.Subplots.GetPlots().Select(p => p.Axes.Title.Label.Text).ToArray();

    [Fact]
    public void OdeFigureShowsPhasePortraitEnergyAndDrift()
    {
        using var dataset = DatasetGenerator.Generate(new Pendulum(), new GenerationSettings(3, 5, 0.1, 0, 0.4));
        var (figure, _, _) = DatasetFigure.Create(dataset, 2);
        Assert.Equal(["pendulum, trajectory 2 (test)", "energy", "energy drift"], Titles(figure));
    }

    [Fact]
    public void DissipativeFieldShowsEnergyButOnlyMassDrift()
    {
        using var dataset = DatasetGenerator.Generate(new CahnHilliard(grid: 12), new GenerationSettings(2, 30, 1e-4, 0, 0.5));
        var (figure, _, _) = DatasetFigure.Create(dataset, 0);
        Assert.Equal(["cahn-hilliard, trajectory 0 (train)", "energy", "mass drift"], Titles(figure));
        // A signed field gets a diverging colour map centred on zero.
        var heatmap = figure.Subplots.GetPlots()[0].GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single();
        Assert.IsType<ScottPlot.Colormaps.Balance>(heatmap.Colormap);
    }

    [Fact]
    public void EnergyOfANamedSystemIsComputedWhenTheFileHasNone()
    {
        using var generated = DatasetGenerator.Generate(new KdV(), new GenerationSettings(2, 3, 1e-3, 0, 0.5));
        using var bare = Dataset.Create(generated.U, generated.Dt, dx: generated.Dx, system: "kdv");
        var (figure, _, _) = DatasetFigure.Create(bare, 1);
        var energyPlot = figure.Subplots.GetPlots()[1];
        Assert.Equal("energy", energyPlot.Axes.Title.Label.Text);
        var points = energyPlot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints();
        var stored = generated.Energy![1].data<double>().ToArray();
        Assert.Equal(stored, points.Select(p => p.Y));
    }

    [Fact]
    public void UsersOwnDataWithOnlyStatesAndTimeStepStillPlots()
    {
        using var scope = NewDisposeScope();
        var u = randn(2, 10, 4, dtype: ScalarType.Float64);
        using var dataset = Dataset.Create(u, 0.5);
        var (figure, width, height) = DatasetFigure.Create(dataset, 0);
        Assert.Equal(["dataset, trajectory 0 (train)"], Titles(figure));
        Assert.Equal((540, 520), (width, height));
        string path = TempFiles.Path("own.png");
        Figures.SavePng(figure, path, width, height);
        Assert.True(new FileInfo(path).Length > 0);
    }

    [Fact]
    public void TrajectoryOutOfRangeIsRejected()
    {
        using var scope = NewDisposeScope();
        using var dataset = Dataset.Create(zeros(2, 3, 2, dtype: ScalarType.Float64), 0.1);
        Assert.Throws<ArgumentException>(() => DatasetFigure.Create(dataset, 2));
        Assert.Throws<ArgumentException>(() => DatasetFigure.Create(dataset, -1));
    }
}
