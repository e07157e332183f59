using DGNet.Integrators;

namespace DGNet.Systems;

/// <summary>
/// A ground-truth simulation could not advance: the solver's failure with the step, the system and the time added,
/// and trajectory indices counted over the whole simulation, e.g.
/// "step 120, trajectory 3: kdv at t = 0.119 (of 500 steps): Newton did not converge (...); try a smaller dt ...".
/// </summary>
public sealed class SimulationFailedException(string system, int step, int steps, double time, SolverFailedException cause,
    int firstTrajectory = 0)
    : SolverFailedException(cause.Trajectories.Select(t => t + firstTrajectory).ToList(),
        $"{system} at t = {time:g6} (of {steps} steps): {cause.Detail}", cause.Advice, step, cause);
