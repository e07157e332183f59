using System.Globalization;
using DGNet.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DGNet.Cli.Commands;

/// <summary>The training progress bar on stderr: loss, steps per second and the time left.</summary>
internal static class TrainingProgressDisplay
{
    /// <summary>Runs <paramref name="train"/> with a progress bar titled <paramref name="title"/> on <paramref name="stderr"/>.</summary>
    public static TrainingResult Run(TextWriter stderr, string title, int startStep, int totalSteps,
        Func<IProgress<TrainingProgress>, TrainingResult> train)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new StepsPerSecondColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: totalSteps);
                task.Value = startStep;
                return train(new TaskProgress(task, title));
            });
    }

    /// <summary>Moves the bar and shows the last loss.</summary>
    private sealed class TaskProgress(ProgressTask task, string title) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            task.Value = value.Step;
            task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{title}  loss {value.Loss:0.000e+00}"));
        }
    }

    /// <summary>The bar's speed, in steps per second.</summary>
    private sealed class StepsPerSecondColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is double speed ? speed.ToString("0.0", CultureInfo.InvariantCulture) + " steps/s" : "- steps/s");
    }
}
