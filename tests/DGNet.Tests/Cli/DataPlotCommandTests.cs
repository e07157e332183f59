using DGNet.Cli;
using DGNet.Systems;
using DGNet.Tests.Evaluation.Plots;
using static DGNet.Tests.Cli.CliRunner;

namespace DGNet.Tests.Cli;

/// <summary>Runs <c>dgnet data plot</c> in-process on small generated datasets of each kind.</summary>
public class DataPlotCommandTests
{
    private static string Generate(PhysicalSystem system, int steps, double dt)
    {
        string path = TempFiles.Path(system.Name + ".npz");
        using var dataset = DatasetGenerator.Generate(system, new GenerationSettings(2, steps, dt, 0, 0.5));
        dataset.Save(path);
        return path;
    }

    public static TheoryData<string, int, int> Kinds => new()
    {
        { "pendulum", 3 * 540, 520 },   // phase portrait, energy, energy drift
        { "kdv", 3 * 540, 520 },        // space-time, energy, energy and mass drift
        { "cahn-hilliard-2d", 4 * 540, 2 * 520 }, // five snapshots, energy, mass drift
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void WritesAPngOfTheTrajectory(string name, int width, int height)
    {
        PhysicalSystem system = name switch
        {
            "kdv" => new KdV(grid: 20),
            "cahn-hilliard-2d" => new CahnHilliard(2, grid: 8),
            _ => SystemRegistry.Create(name),
        };
        string data = Generate(system, steps: 6, dt: system.DefaultSettings.Dt);
        string image = TempFiles.Path("plot.png");
        var (code, output, error) = Run("data", "plot", data, "--out", image, "--trajectory", "1");
        Assert.Equal((0, ""), (code, error));
        Assert.Equal($"wrote {image}: trajectory 1 of {data}\n", output);
        using var bitmap = PlotFiles.Read(image);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void BadRequestsGiveOneLine()
    {
        string data = Generate(new MassSpring(), steps: 3, dt: 0.1);
        string image = TempFiles.Path("p.png");

        var (code, _, error) = Run("data", "plot", data, "--out", image, "--trajectory", "2");
        Assert.Equal((ExitCodes.Usage, "dgnet: --trajectory: 2 is out of range (the dataset has trajectories 0 to 1)\n"), (code, error));

        (code, _, error) = Run("data", "plot", data, "--out", TempFiles.Path("p.jpg"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("must be a .png file", error);

        string missing = TempFiles.Path("none.npz");
        (code, _, error) = Run("data", "plot", missing, "--out", image);
        Assert.Equal((ExitCodes.Failure, $"dgnet: {missing}: file not found\n"), (code, error));
        Assert.False(File.Exists(image));

        Assert.Equal(0, Run("data", "plot", data, "--out", image).Code);
        (code, _, error) = Run("data", "plot", data, "--out", image);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("pass --force", error);
    }
}
