using DGNet.Systems;

namespace DGNet.Reproduction;

/// <summary>
/// The orbits the reference code measures its mass-spring and pendulum energy errors on: after training it draws
/// fresh noise-free orbits whose coordinates each have a magnitude in a box (0.2..1, energies up to 2, past the
/// training data's), on the data's time grid, instead of using the test split. The reproduction predicts on such
/// orbits too, so that these rows' energy errors can be set beside the published ones like for like.
/// </summary>
/// <param name="Box">Where each initial coordinate's magnitude is drawn.</param>
/// <param name="Count">How many orbits (15 in the reference).</param>
public sealed record ReferenceOrbits(InitialBox Box, int Count)
{
    /// <summary>The reference code's orbits: 15, with coordinates of magnitude U(0.2, 1).</summary>
    public static ReferenceOrbits Paper { get; } = new(InitialBox.Reference, 15);

    /// <summary>
    /// The simulation of the orbits that go with data simulated with <paramref name="data"/>: the same time grid and
    /// seed, no noise, the box's initial states; <see cref="Count"/> test trajectories and one training one (a dataset
    /// needs both), as `dgnet data generate --trajectories 16 --test-fraction 0.9375 --noise 0 --initial-box 0.2,1`
    /// makes them.
    /// </summary>
    public GenerationSettings Settings(GenerationSettings data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Count < 1) throw new ArgumentException($"reference orbits: need at least one orbit (got {Count})");
        Box.Validate();
        return data with { Trajectories = Count + 1, TestFraction = (double)Count / (Count + 1), Noise = 0, Box = Box };
    }
}
