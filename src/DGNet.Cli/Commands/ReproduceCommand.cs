using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DGNet.Reproduction;
using Spectre.Console;

namespace DGNet.Cli.Commands;

/// <summary>
/// <c>dgnet reproduce</c>: redoes the paper's experiments (data, every row's training and predictions), prints the
/// results beside the published numbers and writes tables, figures and a report. Finished work is reused, so after
/// Ctrl-C or SIGTERM (which stop after the current training step with a checkpoint) the same command continues.
/// </summary>
internal static class ReproduceCommand
{
    /// <summary>The output folder when --out is not given, relative to the current folder.</summary>
    public const string DefaultOutput = "reproduce-out";

    public static Command Build(GlobalOptions globals)
    {
        var suite = new Option<string>("--suite") { Description = "Which experiments: pde (KdV, Cahn-Hilliard, 2-D Cahn-Hilliard with a learned 3×3 G), ode (mass-spring, pendulum, 2-body, and the real pendulum with --real-pendulum) or all.", DefaultValueFactory = _ => "all" };
        var preset = new Option<string>("--preset") { Description = "quick: the same rows and code paths with small budgets (under 10 minutes on 2 cores); paper: the paper's data sizes, networks, steps, batches and tolerances (many hours).", DefaultValueFactory = _ => "quick" };
        var seeds = new Option<string>("--seeds") { Description = "Training seeds, e.g. 0, 0,1,2 or 0-14 (default: 0 for quick, 0-14 for paper); the tables show mean ± standard deviation over them. Mass-spring and pendulum simulate a dataset per seed (seed s draws its initial states and noise with seed s), as the reference does; the other datasets are shared by all seeds." };
        var output = new Option<string>("--out") { Description = $"Output folder (default: {DefaultOutput} under the current folder): data/, runs/ (models, checkpoints, loss logs), predictions/, figures/, results.md, results.csv, report.md. Every piece of work is stored under the hash of its full configuration and reused when the same work is asked for again, so an existing output folder may be reused with any other preset, suite or seeds; tables and report are rewritten for the current command. Several reproductions may run at once in one folder, e.g. the same command in two terminals with --threads 1: they split the trainings between them (a training another is doing is put off until nothing else is left), and no piece of work is done twice. A non-empty folder that is not a reproduction's output is refused, never overwritten.", DefaultValueFactory = _ => DefaultOutput };
        var realPendulum = new Option<string>("--real-pendulum") { Description = "Schmidt & Lipson measured pendulum file (text: trial t θ ω); adds the real-pendulum rows to the ode suite." };
        var datasets = new Option<string>("--datasets") { Description = "Comma-separated datasets to run within the suites (default: all of them): kdv, cahn-hilliard, cahn-hilliard-2d, mass-spring, pendulum, two-body, real-pendulum (with --real-pendulum). E.g. --preset paper --datasets mass-spring runs the paper's mass-spring rows only." };
        var models = new Option<string>("--models") { Description = "Comma-separated rows to run (default: all): a model (node, hnn, srnn, dgnet) for all its rows, or model:solver for the row trained with that solver (node:rk2, node:dp, hnn:rk2, hnn:dp, srnn:leapfrog, dgnet:eq6). E.g. --models dgnet runs DGNet's training and its three predictions only (and the long rollout); --models node:rk2,hnn:rk2 leaves out the slow Dormand-Prince trainings." };
        var status = new Option<bool>("--status") { Description = "Do no work: show where the output folder stands on this command's work (each dataset, training and long rollout done, running in another process, stopped with a checkpoint, diverged or not started; a started training's step, training time and time left at its recent rate, a training not started judged by the finished seeds of its row; each training's predictions done) and exit. Safe while other dgnet reproduce processes work in the folder; writes nothing." };
        var allowDataChange = new Option<bool>("--allow-data-change") { Description = "Continue a stopped training even when its regenerated dataset differs from the one it trained on by more than the last bits that another CPU changes (or the run is too old to tell), as after a change of the data generator; recorded in the run's model.json. Without it such a training stops with an error." };
        var command = new Command("reproduce",
            "Reproduce the paper's tables and figures: generate the data, train and evaluate every row (NODE, HNN/HNN++, SRNN, " +
            "DGNet), print the errors beside the published ones (mass-spring and pendulum also on the 15 noise-free orbits the " +
            "reference measures its energy errors on) and write tables, figures and a report. Finished work is reused, " +
            "so rerunning the same command continues where the last one stopped. Ctrl-C (or SIGTERM, as kill sends) stops after " +
            "the current training step (or prediction) with a checkpoint; a second one ends the process at once.")
        {
            suite, datasets, models, preset, seeds, output, realPendulum, status, allowDataChange,
        };
        command.SetAction(parse =>
        {
            if (OptionChecks.IsGiven(parse, globals.Seed)) throw new UsageException("--seed: reproduce takes a list of seeds: use --seeds (e.g. --seeds 0-4)");
            if (OptionChecks.IsGiven(parse, globals.DType))
                throw new UsageException("--dtype: the presets fix the dtypes (as in the paper: ODE runs float32, PDE runs float64)");
            var chosen = Presets.Named(parse.GetValue(preset)!);
            var suites = (parse.GetValue(suite) ?? "all").Trim().ToLowerInvariant() switch
            {
                "all" => ReproductionRequest.AllSuites,
                "pde" => new HashSet<ReproductionSuite> { ReproductionSuite.Pde },
                "ode" => new HashSet<ReproductionSuite> { ReproductionSuite.Ode },
                var other => throw new UsageException($"--suite: unknown suite '{other}' (known: pde, ode, all)"),
            };
            if (parse.GetValue(realPendulum) is { } lipson)
            {
                if (!File.Exists(lipson)) throw new FileNotFoundException($"--real-pendulum {lipson}: file not found", lipson);
                chosen = chosen.WithRealPendulum(lipson);
            }
            var compute = globals.Apply(parse);
            var request = new ReproductionRequest
            {
                Preset = chosen,
                Output = parse.GetValue(output)!,
                Suites = suites,
                Datasets = NameSet(parse.GetValue(datasets)),
                Models = NameSet(parse.GetValue(models)),
                Seeds = parse.GetValue(seeds) is { } list ? SeedList.Parse(list) : null,
                // One libtorch thread unless asked: the quick preset's tensors are small, and on two shared cores extra
                // threads mostly wait for each other.
                Threads = OptionChecks.IsGiven(parse, globals.Threads) ? compute.Threads : 1,
                AllowDataChange = parse.GetValue(allowDataChange),
            };
            // Every check before the progress display starts, so that a bad request is one line on stderr.
            var plan = Reproducer.Check(request);
            if (parse.GetValue(status))
            {
                parse.InvocationConfiguration.Output.Write(PlanStatus.Read(plan, DateTime.UtcNow).ToText());
                return ExitCodes.Success;
            }

            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            ReproductionResult result;
            (string? Table, bool Measured) memory;
            using (var interrupt = new StopSignals())
            {
                memory = ReproductionMemoryTable.Get(request, compute.Threads, stderr, interrupt.Token);
                request = request with { CahnHilliard2dMemory = memory.Table };
                result = Run(stderr, request, interrupt.Token);
            }
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

            if (memory is { Measured: true, Table: { } table }) ReproductionMemoryTable.Keep(request, table);
            string folder = Path.GetFullPath(request.Output);
            if (result.Status == ReproductionStatus.Interrupted)
            {
                stderr.WriteLine($"dgnet: interrupted{(result.InterruptedDuring is { } job ? $" during {job}" : "")}; finished work " +
                                 $"and the interrupted training's checkpoint are kept in {folder}. To resume, run the same command again " +
                                 $"(finished work is reused, the interrupted training continues from its checkpoint): {CommandLine(parse)}");
                return ExitCodes.Failure;
            }
            stdout.Write(result.Tables);
            var c = CultureInfo.InvariantCulture;
            int computed = result.Jobs.Count(j => j.Outcome is JobOutcome.Computed or JobOutcome.Resumed);
            int reused = result.Jobs.Count(j => j.Outcome == JobOutcome.Reused);
            stdout.WriteLine();
            stdout.WriteLine(string.Create(c,
                $"wrote {Reproducer.ResultsMarkdown}, {Reproducer.ResultsCsv}, {Reproducer.ReportMarkdown} and {result.Figures.Count} figures to {folder} " +
                $"({computed} pieces of work done, {reused} reused; wall time {result.Elapsed.TotalMinutes:0.0} min, CPU time {cpu.TotalMinutes:0.0} min)"));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The names of a comma-separated list option, lower case; null when the option is not given.</summary>
    private static HashSet<string>? NameSet(string? list) => list?
        .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToLowerInvariant()).ToHashSet();

    /// <summary>The command line as typed (from the parsed tokens), to repeat it.</summary>
    private static string CommandLine(ParseResult parse) =>
        "dgnet " + string.Join(" ", parse.Tokens.Select(t => t.Value.Length == 0 || t.Value.Any(char.IsWhiteSpace) ? $"'{t.Value}'" : t.Value));

    /// <summary>Runs the reproduction with a progress display on <paramref name="stderr"/>: the whole session and the current piece of work.</summary>
    private static ReproductionResult Run(TextWriter stderr, ReproductionRequest request, CancellationToken cancellation)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var overall = context.AddTask(Markup.Escape($"reproduce ({request.Preset.Name})"), maxValue: 1);
                var current = context.AddTask("starting", maxValue: 1);
                var progress = new Display(overall, current, request.Preset.Name);
                var result = Reproducer.Run(request, progress, cancellation);
                overall.Value = 1;
                current.Description = Markup.Escape(result.Status == ReproductionStatus.Completed ? "done" : "interrupted");
                current.Value = current.MaxValue;
                return result;
            });
    }

    /// <summary>Shows the session's share done with the time left, and what runs now.</summary>
    private sealed class Display(ProgressTask overall, ProgressTask current, string preset) : IProgress<ReproductionProgress>
    {
        public void Report(ReproductionProgress value)
        {
            string left = value.Remaining is { } remaining ? $", about {PlanStatus.Duration(remaining)} left" : "";
            overall.Value = value.Fraction;
            overall.Description = Markup.Escape($"reproduce ({preset}): {value.Completed}/{value.Pending} done{left}");
            current.Value = value.TaskFraction;
            current.Description = Markup.Escape(value.Task);
        }
    }
}
