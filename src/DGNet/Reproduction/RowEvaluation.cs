using System.Diagnostics;
using DGNet.Data;
using DGNet.Evaluation;
using DGNet.Integrators;
using DGNet.Models;
using static TorchSharp.torch;

namespace DGNet.Reproduction;

/// <summary>
/// Rolls a trained model out over the test split and measures the paper's errors with <see cref="Metrics"/> (as
/// <see cref="Evaluator"/> does), keeping the predicted states and energies for the figures, and with the true energy
/// of <see cref="ReferenceEnergy"/> so that the measured pendulum gets its energy error too.
/// </summary>
public static class RowEvaluation
{
    /// <summary>The arrays written for a prediction: states, true energy along prediction and truth, learned energy.</summary>
    public const string States = "u", Energy = "energy", TrueEnergy = "true_energy", ModelEnergy = "model_energy";

    /// <summary>
    /// Predicts <paramref name="steps"/> steps from each test trajectory's first state with <paramref name="solver"/>
    /// (failed trajectories are skipped and left out of the means) and measures the errors.
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <param name="data">The dataset; its test split is used.</param>
    /// <param name="trainingSolver">The model's training solver (recorded with the derivative error).</param>
    /// <param name="derivativeError">The derivative error of the model (see <see cref="Evaluator.DerivativeError"/>).</param>
    /// <param name="solver">The prediction solver.</param>
    /// <param name="steps">Rollout steps, at most the data's.</param>
    /// <param name="dopri5">Dormand-Prince tolerances.</param>
    public static (EvaluationResult Result, Dictionary<string, NpyArray> Arrays) Predict(PhysicsModel model, Dataset data,
        string trainingSolver, double derivativeError, string solver, int steps, Dopri5Options dopri5)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (steps < 1 || steps > data.TimePoints - 1)
            throw new ArgumentException($"rollout steps must be between 1 and the data's {data.TimePoints - 1} (got {steps})");
        var test = data.TestTrajectories;
        var options = new PredictionOptions { OnFailure = FailurePolicy.Skip, Dopri5 = dopri5 };
        var notes = new List<string>();

        using var scope = NewDisposeScope();
        var index = tensor(test.Select(t => (long)t).ToArray());
        var energy = ReferenceEnergy.For(data);
        var truth = TrueTrajectory.Of(data, index, steps, energy);
        if (truth.Resimulated) notes.Add(TrueTrajectory.ResimulatedNote);
        using var prediction = Predictor.Predict(model, data.U.index_select(0, index).select(1, 0), steps, solver, options);
        var failed = prediction.Failures.ToDictionary(f => f.Trajectory, f => f.Step);
        if (failed.Count > 0) notes.Add($"{failed.Count} of {test.Length} rollouts failed and are left out of the energy and state errors");
        var predicted = prediction.States.to_type(ScalarType.Float64);
        double[] stateErrors = Metrics.StateErrors(truth.States, predicted);

        var arrays = new Dictionary<string, NpyArray> { [States] = NpyArray.FromTensor(predicted) };
        if (prediction.ModelEnergy is { } learned) arrays[ModelEnergy] = NpyArray.FromTensor(learned.to_type(ScalarType.Float64));
        double[]? energyErrors = null;
        if (energy is not null)
        {
            var trueEnergy = truth.Energy!;
            var predictedEnergy = energy(predicted.flatten(0, 1)).reshape(test.Length, steps + 1);
            energyErrors = Metrics.EnergyErrors(trueEnergy, predictedEnergy);
            arrays[TrueEnergy] = NpyArray.FromTensor(trueEnergy.contiguous());
            arrays[Energy] = NpyArray.FromTensor(predictedEnergy);
        }
        else notes.Add($"energy error omitted: the data's system ({data.System ?? "not named"}) has no known energy");
        foreach (int b in failed.Keys)
        {
            stateErrors[b] = double.NaN;
            if (energyErrors is not null) energyErrors[b] = double.NaN;
        }
        var result = new EvaluationResult(prediction.Solver, trainingSolver, test.Length, steps, derivativeError,
            data.DuDt is null ? "finite difference" : "dudt",
            energyErrors is null ? null : Metrics.MeanOfCompleted(energyErrors, failed.Keys),
            Metrics.MeanOfCompleted(stateErrors, failed.Keys), energyErrors, stateErrors, failed, notes);
        return (result, arrays);
    }

    /// <summary>
    /// A rollout of <paramref name="steps"/> steps (beyond the data if need be) from the first state of test trajectory
    /// <paramref name="trajectory"/>, with the drift of the learned and the true energy.
    /// </summary>
    public static (LongRolloutMetrics Metrics, Dictionary<string, NpyArray> Arrays) LongRollout(PhysicsModel model, Dataset data,
        int trajectory, string solver, int steps, Dopri5Options dopri5)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (!model.HasEnergy) throw new ArgumentException($"a long energy-drift rollout needs a model with a learned energy, not {model.Spec.Model}");
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var initial = data.U[trajectory, 0].unsqueeze(0);
        using var prediction = Predictor.Predict(model, initial, steps, solver,
            new PredictionOptions { OnFailure = FailurePolicy.Skip, Dopri5 = dopri5 });
        int completed = prediction.Failures.Count > 0 ? prediction.Failures[0].Step - 1 : steps;
        var states = prediction.States.to_type(ScalarType.Float64);
        var learned = prediction.ModelEnergy!.to_type(ScalarType.Float64);
        var arrays = new Dictionary<string, NpyArray>
        {
            [States] = NpyArray.FromTensor(states),
            [ModelEnergy] = NpyArray.FromTensor(learned),
        };
        double? trueDrift = null;
        if (ReferenceEnergy.For(data) is { } energy)
        {
            var trueEnergy = energy(states.flatten(0, 1)).reshape(1, steps + 1);
            arrays[Energy] = NpyArray.FromTensor(trueEnergy);
            trueDrift = MaxRelativeDrift(trueEnergy[0], completed);
        }
        var metrics = new LongRolloutMetrics(prediction.Solver, steps, completed, trajectory, MaxRelativeDrift(learned[0], completed),
            trueDrift, clock.Elapsed.TotalSeconds, prediction.Failures.Count > 0 ? prediction.Failures[0].Message : null);
        return (metrics, arrays);
    }

    /// <summary>max over the first <paramref name="steps"/> steps of |H(t) - H(0)| / |H(0)| of an energy series [T].</summary>
    public static double MaxRelativeDrift(Tensor energy, int steps)
    {
        using var scope = NewDisposeScope();
        var series = energy.narrow(0, 0, steps + 1).to_type(ScalarType.Float64);
        var start = series[0];
        var scale = start.abs().clamp_min(double.Epsilon);
        return ((series - start).abs() / scale).max().item<double>();
    }
}
