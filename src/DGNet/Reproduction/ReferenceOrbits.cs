using System.Globalization;
using DGNet.Systems;

namespace DGNet.Reproduction;

/// <summary>
/// The orbits the reference code measures its energy errors on instead of the test split: for mass-spring and pendulum,
/// fresh noise-free orbits whose coordinates each have a magnitude in a box (0.2..1, energies up to 2, past the training
/// data's); for 2-body, the first orbit its generator draws after each of <c>np.random.seed(0)</c> to
/// <c>np.random.seed(14)</c>. The reproduction predicts on such orbits too, so that these rows' energy errors can be set
/// beside the published ones like for like.
/// </summary>
/// <param name="Box">Where each initial coordinate's magnitude is drawn; null for the reference sampler's orbits, one per seed.</param>
/// <param name="Count">How many orbits (15 in the reference).</param>
public sealed record ReferenceOrbits(InitialBox? Box, int Count)
{
    /// <summary>The reference code's mass-spring and pendulum orbits: 15, with coordinates of magnitude U(0.2, 1).</summary>
    public static ReferenceOrbits SpringAndPendulum { get; } = new(InitialBox.Reference, 15);

    /// <summary>The reference code's 2-body orbits: its sampler's first draw for each of the NumPy seeds 0 to 14.</summary>
    public static ReferenceOrbits TwoBody { get; } = new(null, 15);

    /// <summary>What the orbits are, for the report.</summary>
    public string Description => Box is { } box
        ? string.Create(CultureInfo.InvariantCulture, $"{Count} noise-free reference orbits, coordinates of magnitude U({box.Low}, {box.High})")
        : $"{Count} reference orbits, the reference sampler's first for each of the NumPy seeds 0 to {Count - 1}";

    /// <summary>
    /// The simulation of the orbits that go with data simulated with <paramref name="data"/>: the same time grid, no
    /// noise, <see cref="Count"/> test trajectories and one training one (a dataset needs both). With a box, the data's
    /// seed and the box's initial states, as `dgnet data generate --trajectories 16 --test-fraction 0.9375 --noise 0
    /// --initial-box 0.2,1` makes them; without, the reference sampler's first draws for seeds 0 to <see cref="Count"/>
    /// (`--sampler reference-seeds --seed 0`), the first <see cref="Count"/> the test ones.
    /// </summary>
    public GenerationSettings Settings(GenerationSettings data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Count < 1) throw new ArgumentException($"reference orbits: need at least one orbit (got {Count})");
        var orbits = data with { Trajectories = Count + 1, TestFraction = (double)Count / (Count + 1), Noise = 0 };
        if (Box is null) return orbits with { Box = null, Sampler = GenerationSettings.ReferenceSeedsSampler, Seed = 0 };
        Box.Validate();
        return orbits with { Box = Box, Sampler = null };
    }
}
