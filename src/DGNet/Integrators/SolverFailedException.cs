namespace DGNet.Integrators;

/// <summary>
/// A solver could not produce the next state of one or more trajectories of a batch (no Newton convergence, step
/// size underflow, non-finite state). The message is one line naming the step (when known), the trajectory, what
/// happened and what to try.
/// </summary>
public abstract class SolverFailedException : Exception
{
    protected SolverFailedException(IReadOnlyList<int> trajectories, string detail, string advice, int? step = null,
        Exception? inner = null)
        : base(Compose(trajectories, detail, advice, step), inner)
    {
        if (trajectories.Count == 0) throw new ArgumentException("a solver failure names at least one trajectory");
        Trajectories = trajectories;
        Detail = detail;
        Advice = advice;
        Step = step;
    }

    /// <summary>Indices (within the batch given to the solver, or of the rollout's input for
    /// <see cref="RolloutFailedException"/>) of every trajectory that failed; the first is the one the message names.</summary>
    public IReadOnlyList<int> Trajectories { get; }

    /// <summary>The trajectory the message names.</summary>
    public int Trajectory => Trajectories[0];

    /// <summary>The step n whose state u[n] could not be computed, when the failure happened in a rollout.</summary>
    public int? Step { get; }

    /// <summary>What went wrong, without the trajectory, e.g. "Newton did not converge (residual 3.1e-02 after 50
    /// iterations)".</summary>
    public string Detail { get; }

    /// <summary>What the user can try, e.g. "try a smaller dt or another solver".</summary>
    public string Advice { get; }

    /// <summary>The usual advice when an integrator step fails.</summary>
    public const string SmallerStepAdvice = "try a smaller dt or another solver";

    internal static string Compose(IReadOnlyList<int> trajectories, string detail, string advice, int? step)
    {
        string who = trajectories.Count switch
        {
            0 => "no trajectory",
            1 => $"trajectory {trajectories[0]}",
            _ => $"trajectory {trajectories[0]} (and {trajectories.Count - 1} more)",
        };
        string where = step is { } n ? $"step {n}, {who}" : who;
        return $"{where}: {detail}; {advice}";
    }
}
