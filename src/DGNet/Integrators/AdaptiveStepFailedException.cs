using System.Globalization;

namespace DGNet.Integrators;

/// <summary>
/// An adaptive solver could not continue: the step size fell below the minimum (or below the resolution of t), or
/// the step limit was reached. The trajectories named are those with the largest error estimate in the last
/// attempted step (the error norm is shared by the batch, so they are the ones that forced the steps down).
/// </summary>
public sealed class AdaptiveStepFailedException : SolverFailedException
{
    public AdaptiveStepFailedException(IReadOnlyList<int> trajectories, string solver, string reason, double time, double stepSize)
        : base(trajectories, Describe(solver, reason, time, stepSize), "try another solver, a smaller dt or looser tolerances")
    {
        Reason = reason;
        Time = time;
        StepSize = stepSize;
    }

    /// <summary>"step size underflow" or "exceeded the limit of N steps".</summary>
    public string Reason { get; }

    /// <summary>Time reached.</summary>
    public double Time { get; }

    /// <summary>Last step size tried.</summary>
    public double StepSize { get; }

    private static string Describe(string solver, string reason, double time, double stepSize) =>
        string.Create(CultureInfo.InvariantCulture, $"{solver} {reason} at t = {time:g6} (step size {stepSize:0.##e+00})");
}
