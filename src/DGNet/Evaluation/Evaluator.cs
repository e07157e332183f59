using DGNet.Data;
using DGNet.Integrators;
using DGNet.Models;
using static TorchSharp.torch;

namespace DGNet.Evaluation;

/// <summary>
/// Measures a trained model on the test split of a dataset with the paper's errors: the derivative error (its
/// training-mode estimate against the reference derivative, see <see cref="Metrics.ReferenceDerivative"/>), the
/// energy error (true energy along the true against along the predicted trajectory, where the system is known) and
/// the state error (MSE of the rollout from each test trajectory's first state), both against the
/// <see cref="TrueTrajectory"/>.
/// </summary>
public static class Evaluator
{
    /// <summary>Most pairs per chunk for the derivative estimates.</summary>
    private const long MaxChunk = 4096;

    /// <summary>
    /// Most state values per chunk: the networks' activations are about hidden width × this many values per
    /// evaluation (KdV: 1310 pairs of 50 values, 105 MB per activation at width 200 in float64, instead of 4096
    /// pairs and 330 MB; a 64×64 field: 16 pairs).
    /// </summary>
    private const long ChunkValues = 1 << 16;

    /// <summary>Evaluates <paramref name="model"/> on the test split of <paramref name="data"/>.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="data">Data of the model's state shape; its test split is used.</param>
    /// <param name="trainingSolver">The solver the model was trained through (for the derivative estimate).</param>
    /// <param name="trainingDopri5">Dormand-Prince settings of training, when it went through dopri5.</param>
    /// <param name="solver">The prediction solver.</param>
    /// <param name="steps">Rollout steps; null for the data's length.</param>
    /// <param name="options">Prediction settings (the failure policy is always skip, so that one failed trajectory
    /// does not hide the others).</param>
    public static EvaluationResult Evaluate(PhysicsModel model, Dataset data, string trainingSolver, Dopri5Options? trainingDopri5,
        string solver, int? steps = null, PredictionOptions? options = null)
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

        double derivativeError = DerivativeError(model, data, test, trainingSolver, trainingDopri5);
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
    /// MSE between the model's training-mode estimate of (u[n+1] - u[n]) / dt under <paramref name="trainingSolver"/>
    /// and the reference derivative, over every step of <paramref name="trajectories"/> (no gradients).
    /// </summary>
    public static double DerivativeError(PhysicsModel model, Dataset data, IReadOnlyList<int> trajectories, string trainingSolver,
        Dopri5Options? trainingDopri5 = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var integrator = SolverRegistry.Create(PhysicsModels.CheckTrainingSolver(model.Spec.Model, trainingSolver), trainingDopri5);
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var index = tensor(trajectories.Select(t => (long)t).ToArray());
        var u = data.U.index_select(0, index);
        long steps = data.TimePoints - 1;
        var u0 = u.narrow(1, 0, steps).flatten(0, 1).to_type(model.DType);
        var u1 = u.narrow(1, 1, steps).flatten(0, 1).to_type(model.DType);
        var reference = Metrics.ReferenceDerivative(data, trajectories).flatten(0, 1);
        long stateSize = model.Spec.StateShape.Aggregate(1L, (a, b) => a * b);
        long pairsPerChunk = Math.Clamp(ChunkValues / stateSize, 1, MaxChunk);
        double sum = 0;
        for (long start = 0; start < u0.shape[0]; start += pairsPerChunk)
        {
            using var chunk = NewDisposeScope();
            long length = Math.Min(pairsPerChunk, u0.shape[0] - start);
            var estimate = model.EstimateDerivative(u0.narrow(0, start, length), u1.narrow(0, start, length), integrator);
            sum += (estimate.to_type(ScalarType.Float64) - reference.narrow(0, start, length)).square().sum().item<double>();
        }
        return sum / reference.numel();
    }
}
