using System.Text.Json.Serialization;

namespace DGNet.Systems;

/// <summary>
/// How much ground-truth data to generate and how: the sizes, the time step, the random seed and the noise on the
/// stored states. Each system supplies the paper's values as its <see cref="PhysicalSystem.DefaultSettings"/>.
/// </summary>
/// <param name="Trajectories">Number of trajectories; at least 1.</param>
/// <param name="Steps">Time steps per trajectory (time points = steps + 1); at least 1.</param>
/// <param name="Dt">Time between stored points; positive.</param>
/// <param name="Noise">Standard deviation of the Gaussian noise added to the stored states; zero or positive.</param>
/// <param name="TestFraction">Fraction of trajectories marked as test data; strictly between 0 and 1.</param>
/// <param name="Seed">Seed of the initial conditions and the noise.</param>
/// <param name="Box">When set, initial states come from this box instead of the system's own sampler (systems with
/// one degree of freedom only). Left out of the JSON when null, so that the keys of cached data stay as they were.</param>
/// <param name="Sampler">When <see cref="ReferenceSampler"/>, initial states are the ones the reference code draws,
/// from NumPy's legacy stream seeded with <paramref name="Seed"/> (KdV, 1-D Cahn-Hilliard and 2-body); when
/// <see cref="ReferenceSeedsSampler"/>, trajectory i starts from the reference code's first draw with seed
/// <paramref name="Seed"/> + i, the test trajectories first (the fresh orbits it measures 2-body energy errors on);
/// null for the system's own sampler. Left out of the JSON when null, as <paramref name="Box"/>.</param>
public sealed record GenerationSettings(int Trajectories, int Steps, double Dt, double Noise, double TestFraction, long Seed = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] InitialBox? Box = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sampler = null)
{
    /// <summary>The name of the reference code's initial-state sampler (<see cref="Sampler"/>).</summary>
    public const string ReferenceSampler = "reference";

    /// <summary>The name of the sampler that starts trajectory i from the reference code's first draw with seed Seed + i.</summary>
    public const string ReferenceSeedsSampler = "reference-seeds";

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (Trajectories <= 0) throw new ArgumentException($"trajectories must be at least 1 (got {Trajectories})");
        if (Steps <= 0) throw new ArgumentException($"steps must be at least 1 (got {Steps})");
        if (!(Dt > 0) || double.IsInfinity(Dt)) throw new ArgumentException($"dt must be positive and finite (got {Dt})");
        if (!(Noise >= 0) || double.IsInfinity(Noise)) throw new ArgumentException($"noise must be zero or positive (got {Noise})");
        if (!(TestFraction > 0 && TestFraction < 1))
            throw new ArgumentException($"test fraction must lie strictly between 0 and 1 (got {TestFraction})");
        Box?.Validate();
        if (Sampler is not null && Sampler != ReferenceSampler && Sampler != ReferenceSeedsSampler)
            throw new ArgumentException($"sampler: unknown sampler '{Sampler}' (known: {ReferenceSampler}, {ReferenceSeedsSampler}, or none for the system's own)");
        if (Sampler == ReferenceSeedsSampler && Seed + Trajectories - 1 > uint.MaxValue)
            throw new ArgumentException($"sampler: {ReferenceSeedsSampler} needs seeds up to {Seed + Trajectories - 1}, past NumPy's 2^32 - 1");
        if (Sampler is not null && Box is not null)
            throw new ArgumentException("sampler: an initial box and a reference sampler exclude each other");
    }

    /// <summary>
    /// The number of test trajectories: the fraction rounded, but at least one and at most all but one when there
    /// are two or more trajectories, so that both splits are non-empty.
    /// </summary>
    public int TestTrajectories => Trajectories < 2
        ? 0
        : Math.Clamp((int)Math.Round(TestFraction * Trajectories, MidpointRounding.AwayFromZero), 1, Trajectories - 1);
}
