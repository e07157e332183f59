using System.Diagnostics;

namespace DGNet.Reproduction;

/// <summary>
/// Turns the pieces of work of a session into progress reports: the fraction of the estimated cost done, and the
/// time left as (time spent / cost done) × cost left, so that only the ratios of the cost model matter. The current
/// piece of work is shown with its own progress, which for a resumed training includes the steps done before this
/// session (they count in neither the session's cost nor its rate).
/// </summary>
internal sealed class ProgressTracker(double totalCost, int pending, IProgress<ReproductionProgress>? sink)
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan lastReport = TimeSpan.MinValue;
    private double doneCost;
    private int completed;
    private string task = "";
    private double taskCost;
    private double taskFraction;
    private double shownFraction;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Starts a piece of work of the given estimated cost (what is left of it); <paramref name="shown"/> is
    /// how far it already is (a resumed training).</summary>
    public void Begin(string name, double cost, double shown = 0)
    {
        task = name;
        taskCost = cost;
        taskFraction = 0;
        shownFraction = Math.Clamp(shown, 0, 1);
        Report(force: true);
    }

    /// <summary>The current piece of work is <paramref name="fraction"/> done (of the cost given to <see cref="Begin"/>);
    /// <paramref name="name"/> renames it (e.g. with the step and loss); <paramref name="shown"/> is its progress as
    /// shown, when that differs (a resumed training: its steps done of all its steps).</summary>
    public void Advance(double fraction, string? name = null, double? shown = null)
    {
        taskFraction = Math.Clamp(fraction, 0, 1);
        shownFraction = Math.Clamp(shown ?? taskFraction, 0, 1);
        if (name is not null) task = name;
        Report(force: false);
    }

    /// <summary>The current piece of work is finished.</summary>
    public void Complete()
    {
        doneCost += taskCost;
        taskCost = 0;
        taskFraction = 0;
        shownFraction = 0;
        completed++;
        Report(force: true);
    }

    private void Report(bool force)
    {
        if (sink is null) return;
        var now = clock.Elapsed;
        if (!force && now - lastReport < ReportInterval) return;
        lastReport = now;
        double done = doneCost + taskCost * taskFraction;
        double fraction = totalCost > 0 ? Math.Clamp(done / totalCost, 0, 1) : 1;
        TimeSpan? remaining = done > 0.01 * totalCost && now.TotalSeconds > 2
            ? TimeSpan.FromSeconds(now.TotalSeconds / done * Math.Max(totalCost - done, 0))
            : null;
        sink.Report(new ReproductionProgress(task, shownFraction, completed, pending, fraction, now, remaining));
    }
}
