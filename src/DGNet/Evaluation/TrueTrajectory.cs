using DGNet.Data;
using static TorchSharp.torch;

namespace DGNet.Evaluation;

/// <summary>
/// What a rollout's energy and state errors compare with: the stored test states, or, when the stored states carry
/// noise (the paper's mass-spring and pendulum data) and the system is built in, the true trajectory simulated again
/// by the system's ground-truth scheme from the same noisy first state the rollout starts from. Against the stored
/// noisy states the noise, not the model, would set both errors: on the default mass-spring data the noisy first
/// state alone is off by 3.9e-2 in mean-square energy, 60 times the paper's DGNet energy error.
/// </summary>
/// <param name="States">True states [trajectories, steps + 1, *state], float64.</param>
/// <param name="Energy">True energy along them [trajectories, steps + 1]; null when no energy is known.</param>
/// <param name="Resimulated">Whether the states were simulated again from the noisy first states.</param>
public sealed record TrueTrajectory(Tensor States, Tensor? Energy, bool Resimulated)
{
    /// <summary>The note an evaluation reports when the truth was simulated again.</summary>
    public const string ResimulatedNote =
        "the stored states are noisy: energy and state errors against the true trajectory from each rollout's first state (simulated again)";

    /// <summary>
    /// The truth for trajectories <paramref name="index"/> of <paramref name="data"/> over <paramref name="steps"/>
    /// steps (tensors in the caller's dispose scope).
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="index">Trajectory indices (int64).</param>
    /// <param name="steps">Steps after the first state, at most the data's.</param>
    /// <param name="energy">The true energy of states [batch, *state] → [batch]; null when unknown.</param>
    public static TrueTrajectory Of(Dataset data, Tensor index, int steps, Func<Tensor, Tensor>? energy)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(index);
        var stored = data.U.index_select(0, index).narrow(1, 0, steps + 1).to_type(ScalarType.Float64);
        var system = data.HasNoisyStates ? KnownSystem.For(data) : null;
        var states = system is null ? stored : system.Simulate(stored.select(1, 0), steps, data.Dt);
        Tensor? trueEnergy = null;
        if (energy is not null)
        {
            trueEnergy = data.Energy is { } recorded && system is null
                ? recorded.index_select(0, index).narrow(1, 0, steps + 1)
                : energy(states.flatten(0, 1)).reshape(index.shape[0], steps + 1);
        }
        return new TrueTrajectory(states, trueEnergy, system is not null);
    }
}
