using DGNet.Data;
using DGNet.Integrators;
using DGNet.Models;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Benchmarks;

/// <summary>
/// One optimisation step of <see cref="Trainer"/> per run (minibatch draw, loss, backward, Adam), exactly as
/// <c>dgnet train</c> takes it. The FLOP estimate is the model's pass (discrete gradient for eq6, the solver's field
/// evaluations otherwise, counted once at setup for adaptive solvers) times <see cref="FlopCount.TrainingFactor"/>.
/// </summary>
public sealed class TrainingStepRun : IWorkloadRun
{
    private readonly TrainingPairs pairs;
    private readonly Trainer trainer;
    private readonly double? flopPerStep;
    private readonly Dictionary<string, double> metrics = [];

    /// <summary>Sets up training of a fresh <paramref name="model"/> model on the train pairs of <paramref name="data"/>.</summary>
    public TrainingStepRun(Dataset data, string model, ScalarType dtype, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        pairs = BenchData.TrainPairs(data, dtype);
        Model = BenchData.Model(data, model, dtype);
        trainer = new Trainer(Model, pairs, options);
        double evaluations = CountFieldEvaluations(options.Solver);
        if (options.Solver != "eq6") metrics["field_evaluations"] = evaluations;
        flopPerStep = Model is EnergyModel energy
            ? FlopCount.EnergyTrainingStep(energy, trainer.BatchSize, discrete: options.Solver == "eq6", evaluations)
            : null;
    }

    /// <summary>The model being trained.</summary>
    public PhysicsModel Model { get; }

    /// <summary>The trainer.</summary>
    public Trainer Trainer => trainer;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Metrics => metrics;

    /// <inheritdoc/>
    public string? Note { get; init; }

    /// <inheritdoc/>
    public WorkDone Run()
    {
        using var scope = NewDisposeScope();
        trainer.Step();
        return new WorkDone(1, flopPerStep);
    }

    /// <summary>Field evaluations of one training estimate on a minibatch (1 for eq6: one discrete field).</summary>
    private double CountFieldEvaluations(string solverName)
    {
        if (solverName == "eq6") return 1;
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var stats = new SolverStats();
        long batch = trainer.BatchSize;
        var solver = SolverRegistry.Create(solverName, trainer.Options.Dopri5);
        Model.EstimateDerivative(pairs.U0.narrow(0, 0, batch), pairs.U1.narrow(0, 0, batch), solver, stats);
        return stats.FunctionEvaluations;
    }

    public void Dispose()
    {
        trainer.Dispose();
        Model.Dispose();
        pairs.Dispose();
    }
}
