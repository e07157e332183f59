using System.CommandLine;
using System.Globalization;
using DGNet.Evaluation;
using DGNet.Training;

namespace DGNet.Cli.Commands;

/// <summary>
/// <c>dgnet inspect RUN_DIR</c>: what a trained model is and what it learned about its structure (friction r, or a
/// learned kernel with its sum, symmetry and definiteness).
/// </summary>
internal static class InspectCommand
{
    public static Command Build()
    {
        var runPath = new Argument<string>("run") { Description = "A finished run directory (made by dgnet train)." };
        var command = new Command("inspect",
            "Describe a trained model: architecture, training, the learned friction r, and a learned G kernel with its " +
            "check (sum: mass conservation, symmetry: isotropy, definiteness: energy dissipation).")
        {
            runPath,
        };
        command.SetAction(parse =>
        {
            var directory = new RunDirectory(parse.GetValue(runPath)!);
            var description = directory.ReadCompleted();
            using var model = directory.LoadModel(description);
            var t = description.Training;
            var c = CultureInfo.InvariantCulture;
            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"run {directory.Path}");
            stdout.WriteLine(model.Describe());
            string batch = t.BatchSize is int b ? b.ToString(c) : "full";
            stdout.WriteLine(string.Create(c,
                $"  trained with {t.Solver}: {t.Steps} steps, batch {batch}, lr {t.LearningRate:G6}, weight decay {t.WeightDecay:G6}, seed {t.Seed}, {description.Threads} threads"));
            stdout.WriteLine($"  data {description.Data.Path} (sha256 {description.Data.Sha256[..Math.Min(12, description.Data.Sha256.Length)]}..., " +
                             $"system {description.Data.System ?? "not named"}, {description.Data.TrainTrajectories} train / {description.Data.TestTrajectories} test trajectories)");
            if (description.Result is { } r)
                stdout.WriteLine(string.Create(c, $"  result: train loss {r.TrainLoss:0.###e+00}, test loss {r.TestLoss:0.###e+00}, {r.WallSeconds:F1} s"));
            stdout.WriteLine(StructureReport.ToText(model));
            return ExitCodes.Success;
        });
        return command;
    }
}
