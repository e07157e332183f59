using System.Globalization;
using System.Text;

namespace DGNet.Benchmarks;

/// <summary>One speed or memory target of issue 8 checked against a bench's results.</summary>
/// <param name="Target">What is asked, e.g. "train-dgnet-kdv ≤ 250 ms/step".</param>
/// <param name="Measured">The measured figure in the target's terms.</param>
/// <param name="Met">Whether the measured figure meets the target.</param>
public sealed record TargetCheck(string Target, string Measured, bool Met);

/// <summary>
/// The targets of issue 8 (on 2 cores), each checked when the bench ran the workloads it needs: training step
/// times, Eq. (6) prediction per trajectory-step and against finite-difference Jacobians, dataset generation, the
/// 2-D Cahn-Hilliard training memory and flat memory over 10,000 KdV training steps. Shortened (quick) runs are not
/// judged where the target concerns the full workload.
/// </summary>
public static class BenchmarkTargets
{
    /// <summary>The checks that the results allow, in the issue's order.</summary>
    public static IReadOnlyList<TargetCheck> Check(IReadOnlyList<BenchmarkResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var c = CultureInfo.InvariantCulture;
        var byName = results.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.Last());
        var checks = new List<TargetCheck>();
        void AtMost(string name, double limit, string unit)
        {
            if (byName.TryGetValue(name, out var r) && double.IsFinite(r.MedianMs))
                checks.Add(new(string.Create(c, $"{name} ≤ {limit:G} {unit}"), string.Create(c, $"{r.MedianMs:G3} {unit}"), r.MedianMs <= limit));
        }
        AtMost("train-dgnet-kdv", 250, "ms/step");
        AtMost("train-dgnet-spring-f32", 40, "ms/step");
        AtMost("predict-eq6-spring", 1, "ms/trajectory-step");
        if (byName.TryGetValue("predict-eq6-kdv", out var exact) && byName.TryGetValue("predict-eq6-kdv-fd", out var fd) && exact.MedianMs > 0)
        {
            double speedup = fd.MedianMs / exact.MedianMs;
            checks.Add(new("predict-eq6-kdv ≥ 10× faster than with fresh FD Jacobians (predict-eq6-kdv-fd)", string.Create(c, $"{speedup:F1}×"), speedup >= 10));
        }
        if (byName.TryGetValue("generate-kdv", out var generation) && generation.Note is null)
            checks.Add(new("generate-kdv ≤ 30 s", string.Create(c, $"{generation.MedianMs / 1000:F1} s"), generation.MedianMs <= 30_000));
        if (byName.TryGetValue("train-dgnet-ch2d-64", out var ch) && ch.PeakMb is double peak)
            checks.Add(new("train-dgnet-ch2d-64 (batch 32) peak ≤ 2048 MB", string.Create(c, $"{peak:F0} MB"), peak <= 2048));
        foreach (var name in new[] { "memory-flat-kdv", "memory-trend-kdv" })
            if (byName.TryGetValue(name, out var trend) && trend.Metrics.TryGetValue("growth_percent", out double growth)
                && trend.Metrics.TryGetValue("steps", out double steps) && trend.Metrics.TryGetValue("steps_early", out double early))
                checks.Add(new(string.Create(c, $"{name}: peak after {steps:F0} steps within 10% of after {early:F0}"),
                    string.Create(c, $"{growth:+0.0;-0.0}%"), growth <= 10));
        return checks;
    }

    /// <summary>The checks as a Markdown table (empty text when there are none).</summary>
    public static string ToMarkdown(IReadOnlyList<TargetCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        if (checks.Count == 0) return "";
        var text = new StringBuilder();
        text.AppendLine("| target (2 cores) | measured | met |");
        text.AppendLine("|---|---:|---|");
        foreach (var check in checks) text.AppendLine($"| {check.Target} | {check.Measured} | {(check.Met ? "yes" : "no")} |");
        return text.ToString();
    }
}
