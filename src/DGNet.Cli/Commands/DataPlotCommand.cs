using System.CommandLine;
using DGNet.Data;
using DGNet.Evaluation.Plots;

namespace DGNet.Cli.Commands;

/// <summary>
/// <c>dgnet data plot FILE.npz --out FILE.png [--trajectory i]</c>: a picture of one trajectory of a dataset.
/// </summary>
internal static class DataPlotCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("file") { Description = "A dataset (.npz)." };
        var output = new Option<string>("--out") { Description = "The image to write (.png).", Required = true };
        var trajectory = new Option<int>("--trajectory") { Description = "Index of the trajectory to draw.", DefaultValueFactory = _ => 0 };
        var force = new Option<bool>("--force") { Description = "Overwrite the image if it exists." };
        var command = new Command("plot",
            "Draw one trajectory: a space-time heatmap (1-D fields), snapshots (2-D fields) or a phase portrait and " +
            "the energy (ODEs), with the drift of energy and mass on a log scale.")
        {
            file, output, trajectory, force,
        };
        command.SetAction(parse =>
        {
            string outPath = parse.GetValue(output)!;
            int index = parse.GetValue(trajectory);
            if (!outPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--out {outPath}: the image must be a .png file");
            OutputFile.CheckWritable(outPath, parse.GetValue(force));
            using var dataset = Dataset.Load(parse.GetValue(file)!, requireTrainAndTest: false);
            if (index < 0 || index >= dataset.Trajectories)
                throw new UsageException($"--trajectory: {index} is out of range (the dataset has trajectories 0 to {dataset.Trajectories - 1})");
            var (figure, width, height) = DatasetFigure.Create(dataset, index);
            Figures.SavePng(figure, outPath, width, height);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {outPath}: trajectory {index} of {dataset.SourcePath}");
            return ExitCodes.Success;
        });
        return command;
    }
}
