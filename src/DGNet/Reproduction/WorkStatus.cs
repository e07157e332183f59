namespace DGNet.Reproduction;

/// <summary>Where one piece of a reproduction's work stands, as its output folder shows it.</summary>
public enum WorkState
{
    /// <summary>Finished: its file (or a training's final weights) is there.</summary>
    Done,

    /// <summary>Claimed by another <c>dgnet reproduce</c> process working on it now.</summary>
    Running,

    /// <summary>A training stopped with a checkpoint (Ctrl-C, SIGTERM or a crash): the same command continues it.</summary>
    Stopped,

    /// <summary>Not begun.</summary>
    NotStarted,

    /// <summary>A training whose loss became non-finite; reruns do not repeat it.</summary>
    Diverged,
}

/// <summary>
/// One piece of work of a plan and where it stands. For a training that has begun, <paramref name="Step"/> is the latest
/// step its checkpoint or loss log records (a running training may be a little further), <paramref name="TrainingSeconds"/>
/// the training time up to it over all sessions, and <paramref name="Left"/> the time its remaining steps take at the rate
/// of its last logged interval (the rate of DP trainings changes as the learned field stiffens, so the recent rate is the
/// better guess); a finished training has its step count and total training time.
/// </summary>
/// <param name="Kind">Data, training or long rollout (a training's predictions are counted on its line).</param>
/// <param name="Name">A readable name, as the progress display shows it.</param>
/// <param name="State">Done, running elsewhere, stopped, not started or diverged.</param>
/// <param name="Step">Training step reached (recorded, final or diverged step); null when unknown or not a training.</param>
/// <param name="Steps">Steps the training is to take; null for other work.</param>
/// <param name="TrainingSeconds">Training time up to <paramref name="Step"/>; null when unknown.</param>
/// <param name="SecondsPerStep">Recent training time per step; null when unknown.</param>
/// <param name="StepAge">Time since <paramref name="Step"/> was recorded; null when unknown.</param>
/// <param name="PredictionsDone">A training's predictions (test split and reference orbits) that are finished.</param>
/// <param name="Predictions">A training's predictions in the plan.</param>
/// <param name="Left">Training time left: for a started training, its remaining steps at its recent rate; for one not
/// started, the mean training time of the finished trainings of the same dataset and row (other seeds), when there are
/// any; null otherwise.</param>
public sealed record WorkStatus(JobKind Kind, string Name, WorkState State, int? Step = null, int? Steps = null,
    double? TrainingSeconds = null, double? SecondsPerStep = null, TimeSpan? StepAge = null, int PredictionsDone = 0,
    int Predictions = 0, TimeSpan? Left = null);
