namespace DGNet.Reproduction;

/// <summary>
/// The remaining cost of each unfinished training of a plan, for the progress display's time left, from what the output
/// folder has measured (<see cref="PlanStatus"/>): a started training's remaining steps at its recent rate, a training not
/// started by the finished seeds of its row. The seconds are turned into <see cref="CostModel"/> units at the ratio of
/// model cost to training time of the trainings finished in the folder, so they mix with the model's costs of the other
/// pieces. The model alone is far off for some rows (the paper preset's Cahn-Hilliard HNN++ through Dormand-Prince takes
/// about eight times its share), so once one seed of a row has finished, the others are estimated from it.
/// </summary>
internal sealed class TrainingCosts
{
    private readonly PlanStatus status;
    private readonly double? unitsPerSecond;

    private TrainingCosts(PlanStatus status, double? unitsPerSecond)
    {
        this.status = status;
        this.unitsPerSecond = unitsPerSecond;
    }

    /// <summary>Reads the folder of <paramref name="plan"/> at <paramref name="now"/> (UTC).</summary>
    public static TrainingCosts Read(ReproductionPlan plan, DateTime now)
    {
        var status = PlanStatus.Read(plan, now);
        var finished = plan.Datasets.SelectMany(d => d.Trainings)
            .Select(t => (Training: t, Entry: status.Of(t)))
            .Where(t => t.Entry.State == WorkState.Done && t.Entry.TrainingSeconds > 0 && t.Entry.Step == t.Training.Options.Steps)
            .ToList();
        double seconds = finished.Sum(t => t.Entry.TrainingSeconds!.Value);
        double? ratio = finished.Count > 0 ? finished.Sum(t => CostModel.Training(t.Training.Dataset, t.Training.Row)) / seconds : null;
        return new TrainingCosts(status, ratio);
    }

    /// <summary>The measured remaining cost of <paramref name="training"/> in cost-model units; null when the folder has
    /// nothing to judge it by (then the cost model's guess stands).</summary>
    public double? Of(TrainingPlan training) =>
        unitsPerSecond is double ratio && status.Of(training) is { State: WorkState.NotStarted or WorkState.Stopped or WorkState.Running, Left: { } left }
            ? left.TotalSeconds * ratio
            : null;
}
