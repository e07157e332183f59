using DGNet.Integrators;
using static TorchSharp.torch;

namespace DGNet.Evaluation;

/// <summary>The rollouts of a model from a batch of initial states.</summary>
public sealed class PredictionResult : IDisposable
{
    internal PredictionResult(string solver, double dt, Tensor states, Tensor? modelEnergy, double[] stepCost, string costUnit,
        IReadOnlyList<RolloutFailure> failures, RolloutFailedException? stoppedBy)
    {
        Solver = solver;
        Dt = dt;
        States = states;
        ModelEnergy = modelEnergy;
        StepCost = stepCost;
        CostUnit = costUnit;
        Failures = failures;
        StoppedBy = stoppedBy;
    }

    /// <summary>The solver used (registry name).</summary>
    public string Solver { get; }

    /// <summary>The time step.</summary>
    public double Dt { get; }

    /// <summary>u[0..N], [trajectories, N + 1, *state] in the model's dtype; NaN from the step a trajectory failed at.</summary>
    public Tensor States { get; }

    /// <summary>The learned energy H of every state, [trajectories, N + 1] (NaN where the state is); null for models
    /// without an energy.</summary>
    public Tensor? ModelEnergy { get; }

    /// <summary>Cost of each step n = 1..N for the whole batch, in <see cref="CostUnit"/> (NaN after the rollout stopped).</summary>
    public double[] StepCost { get; }

    /// <summary>"newton iterations" for implicit solvers, "function evaluations" for the others.</summary>
    public string CostUnit { get; }

    /// <summary>Trajectories dropped by <see cref="FailurePolicy.Skip"/>, with the step they failed at.</summary>
    public IReadOnlyList<RolloutFailure> Failures { get; }

    /// <summary>The failure that stopped every trajectory under <see cref="FailurePolicy.Stop"/>, or null.</summary>
    public RolloutFailedException? StoppedBy { get; }

    /// <summary>Number of trajectories.</summary>
    public int Trajectories => (int)States.shape[0];

    /// <summary>Number of steps N.</summary>
    public int Steps => (int)States.shape[1] - 1;

    /// <summary>Per trajectory: the step its first missing state belongs to, or null when it completed.</summary>
    public int?[] FailedAt()
    {
        var result = new int?[Trajectories];
        foreach (var failure in Failures) result[failure.Trajectory] = failure.Step;
        if (StoppedBy is { } stop)
            for (int b = 0; b < Trajectories; b++) result[b] ??= stop.Step ?? 1;
        return result;
    }

    public void Dispose()
    {
        States.Dispose();
        ModelEnergy?.Dispose();
        StoppedBy?.StatesSoFar.Dispose();
    }
}
