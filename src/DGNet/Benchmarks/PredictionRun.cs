using DGNet.Evaluation;
using DGNet.Models;
using static TorchSharp.torch;

namespace DGNet.Benchmarks;

/// <summary>
/// One rollout of a model from a batch of initial states per run, through <see cref="Predictor"/> as
/// <c>dgnet predict</c> does it; the unit is one trajectory-step. Reports the mean cost per step of the batch: Newton
/// iterations for the implicit solvers, field evaluations for the others.
/// </summary>
public sealed class PredictionRun : IWorkloadRun
{
    private readonly PhysicsModel model;
    private readonly Tensor initial;
    private readonly int steps;
    private readonly string solver;
    private readonly PredictionOptions options;
    private readonly List<double> costs = [];
    private string costName = "cost";

    /// <summary>Rollouts of <paramref name="steps"/> steps of <paramref name="model"/> from <paramref name="initial"/>
    /// [trajectories, *state] with <paramref name="solver"/>; the run owns the states, not the model.</summary>
    public PredictionRun(PhysicsModel model, Tensor initial, int steps, string solver, PredictionOptions? options = null)
    {
        this.model = model;
        this.initial = initial;
        this.steps = steps;
        this.solver = solver;
        this.options = options ?? PredictionOptions.Default;
    }

    /// <inheritdoc/>
    public string? Note { get; init; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Metrics =>
        costs.Count == 0 ? new Dictionary<string, double>() : new Dictionary<string, double> { [costName] = costs.Average() };

    /// <inheritdoc/>
    public WorkDone Run()
    {
        using var scope = NewDisposeScope();
        using var result = Predictor.Predict(model, initial, steps, solver, options);
        if (result.StoppedBy is { } failure)
            throw new InvalidOperationException($"the {solver} rollout failed, so its time means nothing: {failure.Message}");
        costName = result.CostUnit.Replace(' ', '_');
        costs.AddRange(result.StepCost);
        return new WorkDone((double)result.Trajectories * steps);
    }

    public void Dispose() => initial.Dispose();
}
