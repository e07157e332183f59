using DGNet.Integrators;
using DGNet.Training;

namespace DGNet.Reproduction;

/// <summary>
/// How long and on what each model of a dataset trains: the same budget for every row, so that rows differ only
/// in model and solver (as in the paper).
/// </summary>
/// <param name="Steps">Adam steps.</param>
/// <param name="BatchSize">Pairs per step; null for the full batch.</param>
/// <param name="WeightDecay">L2 weight decay (the paper's 1e-4 on mass-spring and pendulum).</param>
/// <param name="LogEvery">Steps between log rows; each row also costs a test-loss evaluation, so budgets with few
/// steps log less often.</param>
/// <param name="CheckpointEvery">Steps between checkpoints (one is also written every 10 minutes of wall time and on Ctrl-C).</param>
/// <param name="LearningRate">Adam's learning rate (1e-3 in the paper).</param>
public sealed record TrainingBudget(int Steps, int? BatchSize, double WeightDecay, int LogEvery, int CheckpointEvery,
    double LearningRate = 1e-3)
{
    /// <summary>
    /// The training options of one row: this budget with its solver, seed and, for a dopri5 training, the Dormand-Prince
    /// tolerances (other solvers keep the defaults, so that changing the tolerances redoes only the DP rows).
    /// </summary>
    public TrainingOptions Options(string solver, long seed, Dopri5Options dopri5)
    {
        var tolerances = solver == "dopri5" ? dopri5 : new Dopri5Options();
        return new TrainingOptions
        {
            Solver = solver,
            Steps = Steps,
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            WeightDecay = WeightDecay,
            Seed = seed,
            CheckpointEvery = CheckpointEvery,
            LogEvery = LogEvery,
            RelativeTolerance = tolerances.RelativeTolerance,
            AbsoluteTolerance = tolerances.AbsoluteTolerance,
        };
    }
}
