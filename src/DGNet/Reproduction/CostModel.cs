using DGNet.Systems;

namespace DGNet.Reproduction;

/// <summary>
/// Rough relative costs of the pieces of work (about CPU seconds on one core, from measurements of the quick preset),
/// only for the progress display's estimate of the time left: the estimate divides the time spent by the cost done,
/// so only the ratios between pieces matter. A training the output folder has measured (started, or with a finished
/// seed of its row) is costed from that instead (<see cref="TrainingCosts"/>).
/// </summary>
public static class CostModel
{
    /// <summary>Generating or importing a dataset.</summary>
    public static double Data(DatasetPreset preset)
    {
        if (preset.Data.Settings is not { } settings) return 0.5;
        return 0.3 + 4e-6 * settings.Trajectories * settings.Steps * (StateSize(preset) + 20);
    }

    /// <summary>A whole training.</summary>
    public static double Training(DatasetPreset preset, RowPreset row)
    {
        double batch = preset.Training.BatchSize ?? TrainPairs(preset);
        double perStep = 2e-3 + 1.6e-7 * batch * StateSize(preset) * preset.Hidden;
        return preset.Training.Steps * perStep * SolverFactor(row.TrainingSolver, training: true);
    }

    /// <summary>A prediction over the test split or the reference orbits (with the derivative error).</summary>
    public static double Prediction(DatasetPreset preset, string solver, bool onReferenceOrbits = false)
    {
        int steps = preset.RolloutSteps ?? preset.Data.Settings?.Steps ?? 100;
        int trajectories = onReferenceOrbits && preset.ReferenceOrbits is { } orbits ? orbits.Count : preset.Data.Settings?.TestTrajectories ?? 5;
        return LongRollout(preset, solver, steps, trajectories);
    }

    /// <summary>A rollout of <paramref name="steps"/> steps of <paramref name="trajectories"/> trajectories.</summary>
    public static double LongRollout(DatasetPreset preset, string solver, int steps, int trajectories = 1) =>
        steps * (1e-3 + 1e-7 * trajectories * StateSize(preset) * preset.Hidden) * SolverFactor(solver, training: false);

    private static double SolverFactor(string solver, bool training) => solver switch
    {
        "dopri5" => training ? 4 : 3,
        "eq6" => training ? 1 : 4,
        "leapfrog" => 1.5,
        _ => 1.1,
    };

    private static long StateSize(DatasetPreset preset)
    {
        if (preset.Data.System is not { } name) return 2;
        try
        {
            return SystemRegistry.Create(name, preset.Data.Grid).StateShape.Aggregate(1L, (a, b) => a * b);
        }
        catch (ArgumentException)
        {
            return 2;
        }
    }

    private static double TrainPairs(DatasetPreset preset) => preset.Data.Settings is { } s
        ? (double)(s.Trajectories - s.TestTrajectories) * s.Steps
        : 1000;
}
