using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DGNet.Systems;
using Spectre.Console;

namespace DGNet.Cli.Commands;

/// <summary>
/// <c>dgnet data generate SYSTEM --out FILE.npz</c>: ground-truth trajectories of a built-in system, with the paper's
/// settings unless options change them.
/// </summary>
internal static class DataGenerateCommand
{
    public static Command Build(GlobalOptions globals)
    {
        var systemName = new Argument<string>("system") { Description = $"The system: {string.Join(", ", SystemRegistry.Names)}." };
        var output = new Option<string>("--out") { Description = "The dataset file to write (.npz).", Required = true };
        var trajectories = new Option<int?>("--trajectories") { Description = "Number of trajectories (default: the paper's)." };
        var steps = new Option<int?>("--steps") { Description = "Time steps per trajectory; time points = steps + 1 (default: the paper's)." };
        var dt = new Option<double?>("--dt") { Description = "Time between stored states (default: the paper's)." };
        var grid = new Option<int?>("--grid") { Description = "Grid points per dimension, fields only (default: kdv and cahn-hilliard 50, cahn-hilliard-2d 32)." };
        var noise = new Option<double?>("--noise") { Description = "Standard deviation of Gaussian noise on the stored states (default: 0.1 for mass-spring and pendulum, else 0)." };
        var testFraction = new Option<double?>("--test-fraction") { Description = "Fraction of trajectories marked as test, in (0, 1) (default: the paper's)." };
        var box = new Option<string?>("--initial-box")
        {
            Description = "LOW,HIGH: draw each initial coordinate with magnitude uniform in [LOW, HIGH] and a random sign, instead of " +
                          "the system's sampler (mass-spring and pendulum, damped or not). 0.2,1 gives the orbits on which the " +
                          "reference code measures its energy error (energies up to 2, past the training data's).",
        };
        var sampler = new Option<string?>("--sampler")
        {
            Description = "reference: the initial states the reference code draws (NumPy's legacy stream seeded with --seed; kdv " +
                          "with seed 1, cahn-hilliard and two-body with seed 0 give the data of the published tables, as --preset " +
                          "paper uses). reference-seeds: trajectory i starts from the reference code's first draw with seed --seed + i, " +
                          "the test trajectories first (two-body with --seed 0 and 16 trajectories at --test-fraction 0.9375: the " +
                          "15 orbits of its published energy errors). Default: the system's own sampler.",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite the output file if it exists." };

        var command = new Command("generate",
            "Generate a ground-truth dataset: ODEs by Dormand-Prince at rtol 1e-12, PDEs by Furihata's energy-preserving " +
            "scheme solved by Newton to 1e-10. The seed is the global --seed.")
        {
            systemName, output, trajectories, steps, dt, grid, noise, testFraction, box, sampler, force,
        };
        command.SetAction(parse =>
        {
            CheckRange(parse.GetValue(trajectories), "--trajectories", v => v >= 1, "must be at least 1");
            CheckRange(parse.GetValue(steps), "--steps", v => v >= 1, "must be at least 1");
            CheckRange(parse.GetValue(dt), "--dt", v => v > 0 && double.IsFinite(v), "must be positive");
            CheckRange(parse.GetValue(grid), "--grid", v => v >= 3, "must be at least 3");
            CheckRange(parse.GetValue(noise), "--noise", v => v >= 0 && double.IsFinite(v), "must be zero or positive");
            CheckRange(parse.GetValue(testFraction), "--test-fraction", v => v > 0 && v < 1, "must lie strictly between 0 and 1");

            var system = SystemRegistry.Create(parse.GetValue(systemName)!, parse.GetValue(grid));
            var defaults = system.DefaultSettings;
            var settings = new GenerationSettings(
                parse.GetValue(trajectories) ?? defaults.Trajectories,
                parse.GetValue(steps) ?? defaults.Steps,
                parse.GetValue(dt) ?? defaults.Dt,
                parse.GetValue(noise) ?? defaults.Noise,
                parse.GetValue(testFraction) ?? defaults.TestFraction,
                parse.GetValue(globals.Seed),
                ParseBox(parse.GetValue(box), system),
                parse.GetValue(sampler));
            try
            {
                settings.Validate();
                if (settings.Sampler is not null) system.SampleReferenceInitialStates(1, settings.Seed).Dispose();
            }
            catch (ArgumentException e)
            {
                throw new UsageException("--" + e.Message);
            }
            string outPath = parse.GetValue(output)!;
            bool overwrite = parse.GetValue(force);
            OutputFile.CheckWritable(outPath, overwrite);
            globals.Apply(parse);

            var clock = Stopwatch.StartNew();
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Error) });
            var dataset = console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"{system.Name}: {settings.Trajectories} × {settings.Steps} steps", maxValue: 1);
                    return DatasetGenerator.Generate(system, settings, new TaskProgress(task));
                });
            using (dataset)
            {
                dataset.Save(outPath, overwrite);
                string state = string.Join(", ", system.StateShape);
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {outPath}: {system.Name}, {dataset.Trajectories} trajectories of {dataset.TimePoints} time points, " +
                    $"state [{state}], dt {settings.Dt:G6} ({dataset.TrainTrajectories.Length} train / " +
                    $"{dataset.TestTrajectories.Length} test), noise {settings.Noise:G6}, seed {settings.Seed}, " +
                    $"{clock.Elapsed.TotalSeconds:F1} s"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The --initial-box of <paramref name="system"/>, or null; a bad value is a usage error naming the option.</summary>
    private static InitialBox? ParseBox(string? text, PhysicalSystem system)
    {
        if (text is null) return null;
        try
        {
            var box = InitialBox.Parse(text);
            InitialBox.CheckApplies(system);
            return box;
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--" + e.Message);
        }
    }

    private static void CheckRange<T>(T? value, string option, Func<T, bool> valid, string rule) where T : struct
    {
        if (value is T v && !valid(v))
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option}: {rule} (got {v})"));
    }

    /// <summary>Moves a progress bar as the generator reports its fraction done.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = value;
    }
}
