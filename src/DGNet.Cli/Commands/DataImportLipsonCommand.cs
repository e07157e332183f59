using System.CommandLine;
using System.Globalization;
using DGNet.Data;

namespace DGNet.Cli.Commands;

/// <summary><c>dgnet data import-lipson FILE --out FILE.npz</c>: converts measured pendulum data (Schmidt &amp;
/// Lipson text format) into a dataset.</summary>
internal static class DataImportLipsonCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("file") { Description = "Text file: a header line, then rows 'trial t theta omega'." };
        var output = new Option<string>("--out") { Description = "The dataset file to write (.npz).", Required = true };
        var segments = new Option<int>("--segments")
        {
            Description = "Consecutive segments per trial; the last one of each trial is test (5: train on the first 80%).",
            DefaultValueFactory = _ => 5,
        };
        var tolerance = new Option<double>("--dt-tolerance")
        {
            Description = "Largest accepted relative deviation of a time step from the typical step.",
            DefaultValueFactory = _ => 0.01,
        };
        var force = new Option<bool>("--force") { Description = "Overwrite the output file if it exists." };

        var command = new Command("import-lipson",
            "Convert measured pendulum data in the Schmidt & Lipson text format into a dataset (system real-pendulum).")
        {
            file, output, segments, tolerance, force,
        };
        command.SetAction(parse =>
        {
            string input = parse.GetValue(file)!;
            string outPath = parse.GetValue(output)!;
            int segmentCount = parse.GetValue(segments);
            double dtTolerance = parse.GetValue(tolerance);
            if (segmentCount < 2) throw new UsageException($"--segments: must be at least 2 (one train, one test), got {segmentCount}");
            if (!(dtTolerance > 0 && dtTolerance < 1)) throw new UsageException($"--dt-tolerance: must be between 0 and 1, got {dtTolerance}");
            OutputFile.CheckWritable(outPath, parse.GetValue(force));

            using var dataset = LipsonPendulum.Import(input, segmentCount, dtTolerance);
            dataset.Save(outPath, overwrite: parse.GetValue(force));
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath}: {dataset.Trajectories} trajectories of {dataset.TimePoints} time points " +
                $"({dataset.TrainTrajectories.Length} train / {dataset.TestTrajectories.Length} test), dt {dataset.Dt:G6}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
