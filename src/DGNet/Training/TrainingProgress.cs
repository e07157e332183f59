namespace DGNet.Training;

/// <summary>Where a running training stands, as reported to a progress display.</summary>
/// <param name="Step">Steps completed.</param>
/// <param name="TotalSteps">Steps the run will take.</param>
/// <param name="Loss">The minibatch loss of the last step.</param>
/// <param name="WallSeconds">Training time so far, over every session of the run.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double WallSeconds);
