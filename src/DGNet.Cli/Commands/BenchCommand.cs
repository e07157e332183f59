using System.CommandLine;
using System.Globalization;
using System.Text;
using DGNet.Benchmarks;
using Spectre.Console;

namespace DGNet.Cli.Commands;

/// <summary>
/// <c>dgnet bench [--quick] [--json FILE] [--only NAME,...]</c>: times the workloads of issue 8 (training steps,
/// rollouts, dataset generation, memory) and prints a Markdown table with the median time per unit, the FLOPs and
/// achieved GFLOP/s, the share of the machine's measured matrix-product rate and the peak memory.
/// </summary>
internal static class BenchCommand
{
    public static Command Build(GlobalOptions globals)
    {
        var quick = new Option<bool>("--quick")
        {
            Description = "About a minute in all: fewer repetitions, long workloads shortened (marked in the notes).",
        };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file." };
        var only = new Option<string?>("--only")
        {
            Description = "Comma-separated workloads to run (default: all but memory-flat-kdv; --quick also leaves out memory-trend-kdv " +
                          $"and the memory comparison). Known: {string.Join(", ", Workloads.Names.Concat(Workloads.MemoryComparisonNames))}.",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite the --json file if it exists." };
        var memoryCap = new Option<int?>("--memory-cap")
        {
            Description = "MB at which a memory-comparison child process is stopped (default: 60% of the memory available, at most 8192).",
        };
        var command = new Command("bench",
            "Measure training, prediction and data generation speed and memory on this machine. Every workload is set " +
            "up untimed, warmed up, then repeated; times are medians. Each workload fixes its own dtype; --threads sets " +
            "libtorch's threads for the workloads that do not choose their own.")
        {
            quick, json, only, force, memoryCap,
        };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(only)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var scale = parse.GetValue(quick) ? BenchmarkScale.Quick : BenchmarkScale.Full;
            var chosen = Workloads.Select(names, scale);
            var memoryGrids = Workloads.SelectMemoryGrids(names, scale);
            if (parse.GetValue(memoryCap) is int cap && cap < 1) throw new UsageException($"--memory-cap: must be at least 1 MB (got {cap})");
            string? jsonPath = parse.GetValue(json);
            if (jsonPath is not null) OutputFile.CheckWritable(jsonPath, parse.GetValue(force), "--json");
            var settings = globals.Apply(parse);

            var stdout = parse.InvocationConfiguration.Output;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Error) });
            var results = new List<BenchmarkResult>();
            double? loadBefore = BenchmarkHarness.LoadAverage();
            if (console.Profile.Capabilities.Interactive)
                console.Status().Start("bench", context =>
                {
                    for (int i = 0; i < chosen.Count; i++)
                        results.Add(BenchmarkHarness.Measure(chosen[i], scale, new Progress(context, $"[{i + 1}/{chosen.Count}] ")));
                });
            else
                for (int i = 0; i < chosen.Count; i++)
                {
                    // Redirected: one line per workload rather than one per run.
                    parse.InvocationConfiguration.Error.WriteLine($"[{i + 1}/{chosen.Count}] {chosen[i].Name}");
                    results.Add(BenchmarkHarness.Measure(chosen[i], scale));
                }
            IReadOnlyList<MemoryComparisonRow> memoryRows = [];
            if (memoryGrids.Count > 0)
            {
                // Each case in a fresh dgnet process (the hidden bench-memory-case command) with this run's threads.
                var child = ChildProcessMeasurement.ForThisProgram(["--threads", settings.Threads.ToString(CultureInfo.InvariantCulture)],
                    parse.GetValue(memoryCap) is int mb ? mb * (1L << 20) : ChildProcessMeasurement.DefaultCap());
                memoryRows = MemoryComparison.Run(MemoryComparison.Cases(memoryGrids), child.Measure,
                    new Progress<string>(name => parse.InvocationConfiguration.Error.WriteLine($"[memory] {name}")));
                double? load = BenchmarkHarness.LoadAverage();
                results.AddRange(memoryRows.Select(r => r.ToBenchmarkResult(settings.Threads, load)));
            }
            double? loadAfter = BenchmarkHarness.LoadAverage();

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dgnet bench{(scale == BenchmarkScale.Quick ? " --quick" : "")}: {Environment.ProcessorCount} cores, " +
                $"{settings.Threads} libtorch threads unless a workload sets its own, load average {Load(loadBefore)} at start, {Load(loadAfter)} at end"));
            stdout.WriteLine();
            stdout.Write(Table(results.Where(r => memoryRows.All(m => m.Case.Name != r.Name)).ToList()));
            if (memoryRows.Count > 0)
            {
                stdout.WriteLine();
                stdout.Write(MemoryComparison.ToMarkdown(memoryRows));
            }
            string targets = BenchmarkTargets.ToMarkdown(BenchmarkTargets.Check(results));
            if (targets.Length > 0)
            {
                stdout.WriteLine();
                stdout.Write(targets);
            }
            if (jsonPath is not null)
            {
                BenchmarkJson.Write(jsonPath, results);
                stdout.WriteLine();
                stdout.WriteLine($"wrote {jsonPath}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The results as a Markdown table; "% peak" relates GFLOP/s to the matmul-peak row when it was run.</summary>
    internal static string Table(IReadOnlyList<BenchmarkResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        double? peak = results.FirstOrDefault(r => r.Name == "matmul-peak")?.Gflops;
        var text = new StringBuilder();
        text.AppendLine("| workload | median ms | unit | GFLOP/unit | GFLOP/s | % peak | peak MB | threads | load | notes |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            string share = r.Gflops is double g && peak is double p && p > 0 && r.Name != "matmul-peak" ? (100 * g / p).ToString("F0", c) : "";
            var notes = r.Metrics.Select(m => string.Create(c, $"{m.Key.Replace('_', ' ')} {m.Value:G4}")).ToList();
            if (r.Note is not null) notes.Add(r.Note);
            text.AppendLine(string.Create(c,
                $"| {r.Name} | {Time(r.MedianMs)} | {r.Unit} | {Optional(r.FlopPerUnit / 1e9, "G4")} | {Optional(r.Gflops, "F1")} | {share} | " +
                $"{Optional(r.PeakMb, "F0")} | {r.Threads} | {Optional(r.Load, "F1")} | {string.Join("; ", notes)} |"));
        }
        return text.ToString();
    }

    private static string Time(double ms) => ms.ToString(ms >= 100 ? "F0" : ms >= 1 ? "F2" : "G3", CultureInfo.InvariantCulture);

    private static string Optional(double? value, string format) =>
        value is double v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "";

    private static string Load(double? load) => load is double l ? l.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Shows the harness's progress lines in the status spinner.</summary>
    private sealed class Progress(StatusContext context, string prefix) : IProgress<string>
    {
        public void Report(string value) => context.Status(Markup.Escape(prefix + value));
    }
}
