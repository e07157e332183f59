using DGNet.Integrators;
using DGNet.Models;
using static TorchSharp.torch;

namespace DGNet.Evaluation;

/// <summary>
/// Rolls a trained model out from initial states with a solver, all trajectories as one batch, and evaluates its
/// learned energy along the way. Failures (Newton not converging, step size underflow, a blow-up) follow
/// <see cref="PredictionOptions.OnFailure"/>; either way the states computed so far are returned.
/// </summary>
public static class Predictor
{
    /// <summary>Rollouts of <paramref name="steps"/> steps from <paramref name="initial"/> [trajectories, *state].</summary>
    /// <param name="model">The model.</param>
    /// <param name="initial">First states; converted to the model's dtype.</param>
    /// <param name="steps">Steps N (at least 1).</param>
    /// <param name="solver">Solver name; it must be one the model predicts with.</param>
    /// <param name="options">Failure policy, tolerances, threads.</param>
    /// <exception cref="ArgumentException">The solver does not apply, or the states do not fit the model.</exception>
    public static PredictionResult Predict(PhysicsModel model, Tensor initial, int steps, string solver, PredictionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(initial);
        options ??= PredictionOptions.Default;
        if (steps < 1) throw new ArgumentException($"--steps: must be at least 1 (got {steps})");
        string name = PhysicsModels.CheckPredictionSolver(model.Spec.Model, solver);
        if (initial.dim() != model.Spec.StateShape.Length + 1 || !initial.shape.Skip(1).SequenceEqual(model.Spec.StateShape))
            throw new ArgumentException(
                $"initial states [{string.Join(", ", initial.shape)}] do not fit a model of states [{string.Join(", ", model.Spec.StateShape)}]");
        long size = model.Spec.StateShape.Aggregate(1L, (a, b) => a * b);
        var integrator = SolverRegistry.Create(name, options.Dopri5, options.NewtonFor(size));
        bool implicitSolver = name is "eq6" or "implicit-midpoint";

        int threads = get_num_threads();
        set_num_threads(options.Threads ?? 1);
        try
        {
            using var scope = NewDisposeScope();
            var u0 = initial.detach().to_type(model.DType);
            var map = integrator.CreateStepMap(model.Dynamics, model.Spec.Dt);
            Tensor states;
            IReadOnlyList<SolverStats> stepStats;
            IReadOnlyList<RolloutFailure> failures = [];
            RolloutFailedException? stoppedBy = null;
            try
            {
                var rollout = Rollout.Run(map, u0, steps, new RolloutOptions { OnFailure = options.OnFailure });
                states = rollout.States;
                stepStats = rollout.StepStats;
                failures = rollout.Failures;
            }
            catch (RolloutFailedException failure)
            {
                stoppedBy = failure;
                var soFar = failure.StatesSoFar;
                var shape = soFar.shape.ToArray();
                shape[1] = steps + 1;
                states = full(shape, double.NaN, dtype: soFar.dtype, device: soFar.device);
                states.narrow(1, 0, soFar.shape[1]).copy_(soFar);
                stepStats = [];
            }

            var cost = Enumerable.Repeat(double.NaN, steps).ToArray();
            for (int n = 0; n < stepStats.Count; n++)
                cost[n] = implicitSolver ? stepStats[n].NewtonIterations : stepStats[n].FunctionEvaluations;
            var energy = model.HasEnergy ? ModelEnergy(model, states).MoveToOuterDisposeScope() : null;
            return new PredictionResult(name, model.Spec.Dt, states.MoveToOuterDisposeScope(), energy, cost,
                implicitSolver ? "newton iterations" : "function evaluations", failures, stoppedBy);
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    /// <summary>States per chunk when the learned energy is evaluated along rollouts (bounds the activations' memory).</summary>
    private const long EnergyChunk = 256;

    /// <summary>The learned energy of states [trajectories, T, *state] as [trajectories, T], in chunks, without gradients.</summary>
    public static Tensor ModelEnergy(PhysicsModel model, Tensor states)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(states);
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var flat = states.flatten(0, 1).to_type(model.DType);
        var parts = new List<Tensor>();
        for (long start = 0; start < flat.shape[0]; start += EnergyChunk)
            parts.Add(model.Energy(flat.narrow(0, start, Math.Min(EnergyChunk, flat.shape[0] - start))));
        return cat(parts, 0).reshape(states.shape[0], states.shape[1]).MoveToOuterDisposeScope();
    }
}
