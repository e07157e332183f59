namespace DGNet.Training;

/// <summary>How a training session ended.</summary>
public enum TrainingStatus
{
    /// <summary>All steps done; the final weights are written.</summary>
    Completed,

    /// <summary>Stopped on request after a step; a checkpoint of that step is written, and the run can be resumed.</summary>
    Cancelled,

    /// <summary>The loss became NaN or infinite; the last checkpoint written before is kept, the run is not continued.</summary>
    Diverged,
}

/// <summary>The outcome of <see cref="TrainingRun.Run"/>.</summary>
/// <param name="Status">Why the session ended.</param>
/// <param name="Step">Completed: the last step; Cancelled: the step checkpointed; Diverged: the first step whose loss
/// was not finite.</param>
/// <param name="CheckpointStep">The step of the last checkpoint on disk.</param>
/// <param name="TrainLoss">Mean minibatch loss of the last log interval, if a row was logged.</param>
/// <param name="TestLoss">Test loss of the last log row, if any.</param>
/// <param name="WallSeconds">Training time over every session of the run.</param>
public sealed record TrainingResult(TrainingStatus Status, int Step, int CheckpointStep, double? TrainLoss, double? TestLoss, double WallSeconds);
