using DGNet.Systems;

namespace DGNet.Reproduction;

/// <summary>
/// Rough relative costs of the pieces of work (about CPU seconds on one core, from measurements of the quick preset, and
/// of both presets for Dormand-Prince trainings), only for the progress display's estimate of the time left: the
/// estimate divides the time spent by the cost done, so only the ratios between pieces matter. A training the output
/// folder has measured (started, or with a finished seed of its row) is costed from that instead
/// (<see cref="TrainingCosts"/>).
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
        double factor = row.TrainingSolver == "dopri5" ? DopriTrainingFactor(preset, row.Model) : SolverFactor(row.TrainingSolver, training: true);
        return preset.Training.Steps * perStep * factor;
    }

    /// <summary>
    /// A training step through Dormand-Prince against one through Eq. (6), from the train times of both presets: many
    /// sub-steps per data step where dt is long against the motion (mass-spring and pendulum: 19-30 for HNN; 2-body 8-9),
    /// few on KdV's short steps (4-6), and on Cahn-Hilliard more as the learned field stiffens over a long training (6 in
    /// the quick preset, about 30 in the paper's); a neural ODE's field, a plain forward pass, costs about half an energy
    /// model's gradient.
    /// </summary>
    private static double DopriTrainingFactor(DatasetPreset preset, string model)
    {
        double energyModel = preset.Data.System switch
        {
            "kdv" => 5,
            "cahn-hilliard" or "cahn-hilliard-2d" => 15,
            "two-body" => 9,
            _ => 20,
        };
        return model == "node" ? energyModel / 2 : energyModel;
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
        "dopri5" => 3,
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
