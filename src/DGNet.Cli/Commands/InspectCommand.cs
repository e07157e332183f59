using System.CommandLine;
using System.Globalization;
using DGNet.Evaluation;
using DGNet.Models;
using DGNet.Reproduction;
using DGNet.Training;

namespace DGNet.Cli.Commands;

/// <summary>
/// <c>dgnet inspect RUN_DIR</c>: what a trained model is and what it learned about its structure (friction r, or a
/// learned kernel with its sum, symmetry and definiteness); an unfinished run as its latest checkpoint left it.
/// </summary>
internal static class InspectCommand
{
    public static Command Build()
    {
        var runPath = new Argument<string>("run") { Description = "A run directory (made by dgnet train or dgnet reproduce); an unfinished one is described as its latest checkpoint left it." };
        var command = new Command("inspect",
            "Describe a trained model: architecture, training, the learned friction r, and a learned G kernel with its " +
            "check (sum: mass conservation, symmetry: isotropy, definiteness: energy dissipation). A run still training, or " +
            "stopped, is described as its latest checkpoint left it, so a long training can be watched.")
        {
            runPath,
        };
        command.SetAction(parse =>
        {
            var directory = new RunDirectory(parse.GetValue(runPath)!);
            var description = directory.ReadDescription();
            var t = description.Training;
            var c = CultureInfo.InvariantCulture;
            var stdout = parse.InvocationConfiguration.Output;
            PhysicsModel loaded;
            bool finished = File.Exists(directory.WeightsPath);
            if (finished)
            {
                loaded = directory.LoadModel(description);
                stdout.WriteLine($"run {directory.Path}");
            }
            else
            {
                (loaded, var progress) = directory.LoadCheckpointModel(description);
                stdout.WriteLine(string.Create(c,
                    $"run {directory.Path} (unfinished: as its checkpoint at step {progress.Step:N0} of {t.Steps:N0} left it, after {PlanStatus.Duration(TimeSpan.FromSeconds(progress.WallSeconds))} of training; if the training is not running, dgnet train --resume --out {directory.Path} continues it)"));
            }
            using var model = loaded;
            stdout.WriteLine(model.Describe());
            string batch = t.BatchSize is int b ? b.ToString(c) : "full";
            stdout.WriteLine(string.Create(c,
                $"  trained with {t.Solver}: {t.Steps} steps, batch {batch}, lr {t.LearningRate:G6}, weight decay {t.WeightDecay:G6}, seed {t.Seed}, {description.Threads} threads"));
            stdout.WriteLine($"  data {description.Data.Path} (sha256 {description.Data.Sha256[..Math.Min(12, description.Data.Sha256.Length)]}..., " +
                             $"system {description.Data.System ?? "not named"}, {description.Data.TrainTrajectories} train / {description.Data.TestTrajectories} test trajectories)");
            foreach (var change in description.DataChanges ?? []) stdout.WriteLine($"  {change.Describe()}");
            if (finished && description.Result is { } r)
                stdout.WriteLine(string.Create(c, $"  result: train loss {r.TrainLoss:0.###e+00}, test loss {r.TestLoss:0.###e+00}, {r.WallSeconds:F1} s"));
            stdout.WriteLine(StructureReport.ToText(model));
            return ExitCodes.Success;
        });
        return command;
    }
}
