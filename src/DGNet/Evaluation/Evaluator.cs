using DGNet.Data;
using DGNet.Integrators;
using DGNet.Models;
using static TorchSharp.torch;

namespace DGNet.Evaluation;

/// <summary>
/// Measures a trained model on the test split of a dataset with the paper's errors: the derivative error (its
/// field against the true time derivative at the test states, see <see cref="Metrics.DerivativeSamples"/>), the
/// energy error (true energy along the true against along the predicted trajectory, where the system is known) and
/// the state error (MSE of the rollout from each test trajectory's first state), both against the
/// <see cref="TrueTrajectory"/>.
/// </summary>
public static class Evaluator
{
    /// <summary>
    /// What the derivative error measures, part of the key of stored reproduction results so that a change of
    /// definition measures them again (the trained models are kept).
    /// </summary>
    public const string DerivativeDefinition = "field at test states vs dudt";

    /// <summary>Most states per chunk of field evaluations.</summary>
    private const long MaxChunk = 4096;

    /// <summary>
    /// Most state values per chunk: the networks' activations are about hidden width × this many values per
    /// evaluation (KdV: 1310 states of 50 values, 105 MB per activation at width 200 in float64; a 64×64 field: 16).
    /// </summary>
    private const long ChunkValues = 1 << 16;

    /// <summary>Evaluates <paramref name="model"/> on the test split of <paramref name="data"/>.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="data">Data of the model's state shape; its test split is used.</param>
    /// <param name="trainingSolver">The solver the model was trained through (recorded with the result).</param>
    /// <param name="solver">The prediction solver.</param>
    /// <param name="steps">Rollout steps; null for the data's length.</param>
    /// <param name="options">Prediction settings (the failure policy is always skip, so that one failed trajectory
    /// does not hide the others).</param>
    public static EvaluationResult Evaluate(PhysicsModel model, Dataset data, string trainingSolver, string solver,
        int? steps = null, PredictionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        int n = steps ?? data.TimePoints - 1;
        if (n < 1 || n > data.TimePoints - 1)
            throw new ArgumentException($"--steps: must be between 1 and the data's {data.TimePoints - 1} steps (got {n})");
        var test = data.TestTrajectories;
        if (test.Length == 0) throw new ArgumentException($"{data.SourcePath ?? "the data"}: has no test trajectories to evaluate on");
        options = (options ?? PredictionOptions.Default) with { OnFailure = FailurePolicy.Skip };
        var notes = new List<string>();

        using var scope = NewDisposeScope();
        var index = tensor(test.Select(t => (long)t).ToArray());

        double derivativeError = DerivativeError(model, data, test);
        string reference = data.DuDt is null ? "finite difference" : "dudt";

        using var prediction = Predictor.Predict(model, data.U.index_select(0, index).select(1, 0), n, solver, options);
        var failed = new Dictionary<int, int>();
        foreach (var failure in prediction.Failures) failed[failure.Trajectory] = failure.Step;
        if (failed.Count > 0)
            notes.Add($"{failed.Count} of {test.Length} rollouts failed and are left out of the energy and state errors");
        var predicted = prediction.States.to_type(ScalarType.Float64);
        var system = KnownSystem.For(data);
        var truth = TrueTrajectory.Of(data, index, n, system is null ? null : system.Energy);
        if (truth.Resimulated) notes.Add(TrueTrajectory.ResimulatedNote);
        double[] stateErrors = Metrics.StateErrors(truth.States, predicted);

        double[]? energyErrors = null;
        if (system is null)
            notes.Add($"energy error omitted: the data's system ({data.System ?? "not named"}) is not a built-in system with this state shape");
        else
        {
            var trueEnergy = truth.Energy!;
            var predictedEnergy = system.Energy(predicted.flatten(0, 1)).reshape(test.Length, n + 1);
            energyErrors = Metrics.EnergyErrors(trueEnergy, predictedEnergy);
        }
        foreach (int b in failed.Keys)
        {
            stateErrors[b] = double.NaN;
            if (energyErrors is not null) energyErrors[b] = double.NaN;
        }
        return new EvaluationResult(prediction.Solver, trainingSolver, test.Length, n, derivativeError, reference,
            energyErrors is null ? null : Metrics.MeanOfCompleted(energyErrors, failed.Keys), Metrics.MeanOfCompleted(stateErrors, failed.Keys),
            energyErrors, stateErrors, failed, notes);
    }

    /// <summary>
    /// MSE between the model's time derivative f(u) (G ∇H(u) for energy models, the network for a neural ODE) and the
    /// true one at the states of <paramref name="trajectories"/> (<see cref="Metrics.DerivativeSamples"/>), as the
    /// paper's reference code measures every model: a DGNet is trained on discrete gradients but judged by the
    /// continuous field of the energy it learned, and no model is judged through a solver. No gradients.
    /// </summary>
    public static double DerivativeError(PhysicsModel model, Dataset data, IReadOnlyList<int> trajectories)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var (states, derivatives) = Metrics.DerivativeSamples(data, trajectories);
        long stateSize = model.Spec.StateShape.Aggregate(1L, (a, b) => a * b);
        long perChunk = Math.Clamp(ChunkValues / stateSize, 1, MaxChunk);
        double sum = 0;
        for (long start = 0; start < states.shape[0]; start += perChunk)
        {
            using var chunk = NewDisposeScope();
            long length = Math.Min(perChunk, states.shape[0] - start);
            var field = model.Dynamics.Field(states.narrow(0, start, length).to_type(model.DType));
            sum += (field.to_type(ScalarType.Float64) - derivatives.narrow(0, start, length)).square().sum().item<double>();
        }
        return sum / derivatives.numel();
    }
}
