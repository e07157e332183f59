using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>The trajectories computed by <see cref="Rollout.Run"/> and what they cost.</summary>
public sealed class RolloutResult(Tensor states, IReadOnlyList<SolverStats> stepStats, IReadOnlyList<RolloutFailure> failures)
{
    /// <summary>u[0..N] as [batch, N + 1, *state]; states a failed trajectory never reached are NaN.</summary>
    public Tensor States { get; } = states;

    /// <summary>The cost of each step n = 1..N (index n - 1), for the whole batch.</summary>
    public IReadOnlyList<SolverStats> StepStats { get; } = stepStats;

    /// <summary>Trajectories dropped under <see cref="FailurePolicy.Skip"/>, in the order they failed.</summary>
    public IReadOnlyList<RolloutFailure> Failures { get; } = failures;

    /// <summary>The summed cost of all steps.</summary>
    public SolverStats Total
    {
        get
        {
            var total = new SolverStats();
            foreach (var s in StepStats) total.Add(s);
            return total;
        }
    }
}
