using System.Diagnostics;

namespace DGNet.Reproduction;

/// <summary>
/// Turns the pieces of work of a session into progress reports: the fraction of the estimated cost done, and the
/// time left as (time spent / cost done) × cost left, so that only the ratios of the cost model matter.
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

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Starts a piece of work of the given estimated cost.</summary>
    public void Begin(string name, double cost)
    {
        task = name;
        taskCost = cost;
        taskFraction = 0;
        Report(force: true);
    }

    /// <summary>The current piece of work is <paramref name="fraction"/> done; <paramref name="name"/> renames it (e.g.
    /// with the step and loss).</summary>
    public void Advance(double fraction, string? name = null)
    {
        taskFraction = Math.Clamp(fraction, 0, 1);
        if (name is not null) task = name;
        Report(force: false);
    }

    /// <summary>The current piece of work is finished.</summary>
    public void Complete()
    {
        doneCost += taskCost;
        taskCost = 0;
        taskFraction = 0;
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
        sink.Report(new ReproductionProgress(task, taskFraction, completed, pending, fraction, now, remaining));
    }
}
