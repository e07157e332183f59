using DGNet.Integrators;

namespace DGNet.Systems;

/// <summary>
/// A ground-truth simulation could not advance: the solver's failure with the system, the step and the time added,
/// and trajectory indices counted over the whole simulation, e.g.
/// "trajectory 3: kdv step 120 of 500 (t = 0.119): Newton did not converge (...); try a smaller dt or another solver".
/// </summary>
public sealed class SimulationFailedException(string system, int step, int steps, double time, SolverFailedException cause,
    int firstTrajectory = 0)
    : SolverFailedException(cause.Trajectories.Select(t => t + firstTrajectory).ToList(),
        $"{system} step {step} of {steps} (t = {time:g6}): {cause.Detail}", cause.Advice, cause)
{
    /// <summary>The step (1-based) that failed.</summary>
    public int Step { get; } = step;
}
