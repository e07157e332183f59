using System.Text;
using DGNet.Data;

namespace DGNet.Reproduction;

/// <summary>
/// Redoes the paper's experiments (<c>dgnet reproduce</c>): generates the data, trains every row, predicts, and writes
/// the results tables beside the published numbers, the figures and a report. Finished work is found by its
/// configuration key and reused, and an interrupted training continues from its checkpoint, so running the same
/// request again continues where the last session stopped. Each piece of work is claimed with a <see cref="WorkLock"/>
/// while it is done, so several sessions (processes) may share one output folder.
/// </summary>
public static class Reproducer
{
    /// <summary>The file that marks a folder as a reproduction's output.</summary>
    public const string MarkerFile = "reproduction.json";

    /// <summary>The results table files and the report, in the output folder.</summary>
    public const string ResultsMarkdown = "results.md", ResultsCsv = "results.csv", ReportMarkdown = "report.md";

    /// <summary>
    /// Runs <paramref name="request"/>. Cancelling <paramref name="cancellation"/> stops after the current training step
    /// (writing a checkpoint) or between other pieces of work, and returns an <see cref="ReproductionStatus.Interrupted"/>
    /// result; the same request then continues.
    /// </summary>
    /// <exception cref="ArgumentException">The request is impossible.</exception>
    /// <exception cref="IOException">The output folder holds something other than a reproduction's output.</exception>
    /// <exception cref="FileNotFoundException">The real pendulum's file does not exist.</exception>
    public static ReproductionResult Run(ReproductionRequest request, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        var plan = Check(request);
        PrepareOutput(plan.Output, request);
        return new ReproductionSession(request, plan, progress, cancellation).Run();
    }

    /// <summary>
    /// The plan of <paramref name="request"/>, after every check <see cref="Run"/> makes before it starts working (so that
    /// a caller can report a bad request before showing progress); writes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The request is impossible.</exception>
    /// <exception cref="IOException">The output folder holds something other than a reproduction's output, or is a file.</exception>
    /// <exception cref="FileNotFoundException">The real pendulum's file does not exist.</exception>
    public static ReproductionPlan Check(ReproductionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var plan = ReproductionPlan.Build(request);
        CheckOutput(plan.Output);
        return plan;
    }

    private static void CheckOutput(string output)
    {
        if (File.Exists(output)) throw new IOException($"--out {output}: is a file, not a folder");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(e => !IsStarting(e)) && !File.Exists(Path.Combine(output, MarkerFile)))
            throw new IOException($"--out {output}: the folder exists and is not the output of dgnet reproduce (no {MarkerFile}); " +
                                  "choose another folder");
    }

    /// <summary>
    /// Whether a folder entry is what another reproduction starting in the same folder makes before its marker is
    /// there: the lock folder, or the marker's temporary file.
    /// </summary>
    private static bool IsStarting(string entry)
    {
        string name = Path.GetFileName(entry);
        return name == WorkLock.Folder || (name.StartsWith($".{MarkerFile}.", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal));
    }

    /// <summary>
    /// Creates the output folder and its marker. A folder made by an earlier reproduction is reused whatever its
    /// configuration (its finished work is the cache); a non-empty folder of anything else is refused, so that nothing
    /// foreign is ever overwritten.
    /// </summary>
    private static void PrepareOutput(string output, ReproductionRequest request)
    {
        Directory.CreateDirectory(output);
        string json = ConfigurationKey.Json(new
        {
            tool = "dgnet reproduce",
            version = ConfigurationKey.Version,
            preset = request.Preset.Name,
            suites = request.Suites.OrderBy(s => s).Select(s => s.ToString().ToLowerInvariant()),
            datasets = request.Datasets?.Order(),
            models = request.Models?.Order(),
            seeds = request.EffectiveSeeds,
        });
        AtomicFile.Write(Path.Combine(output, MarkerFile), overwrite: true, stream => stream.Write(Encoding.UTF8.GetBytes(json + "\n")));
    }
}
