using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// Initial states drawn coordinate by coordinate: each coordinate's magnitude uniform in [<paramref name="Low"/>,
/// <paramref name="High"/>] with a random sign. The reference code measures its mass-spring and pendulum energy errors
/// on 15 such orbits with the box 0.2..1 (energies q² + p² up to 2, past the training data's radius 1), not on the
/// test split; generating them lets that measurement be repeated.
/// </summary>
/// <param name="Low">Smallest magnitude of a coordinate; zero or positive.</param>
/// <param name="High">Largest magnitude of a coordinate; above <paramref name="Low"/>.</param>
public sealed record InitialBox(double Low, double High)
{
    /// <summary>The box of the reference code's energy-error orbits.</summary>
    public static InitialBox Reference { get; } = new(0.2, 1.0);

    /// <summary>Throws an <see cref="ArgumentException"/> unless 0 ≤ low &lt; high, both finite.</summary>
    public void Validate()
    {
        if (!(Low >= 0 && High > Low && double.IsFinite(High)))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"initial-box: need 0 <= low < high, both finite (got {Low}, {High})"));
    }

    /// <summary>Throws an <see cref="ArgumentException"/> unless <paramref name="system"/> has one degree of freedom (state [q, p]).</summary>
    public static void CheckApplies(PhysicalSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (system.GridSpacing is not null || !system.StateShape.SequenceEqual([2L]))
            throw new ArgumentException($"initial-box: only for systems with one degree of freedom (state [q, p]), not {system.Name}");
    }

    /// <summary>Parses "LOW,HIGH" (invariant culture) and validates it.</summary>
    /// <exception cref="ArgumentException">Not two numbers, or not a valid box.</exception>
    public static InitialBox Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double low)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double high))
            throw new ArgumentException($"initial-box: expected LOW,HIGH such as 0.2,1 (got '{text}')");
        var box = new InitialBox(low, high);
        box.Validate();
        return box;
    }

    /// <summary><paramref name="count"/> states [count, 2] drawn from the box with <paramref name="generator"/>.</summary>
    public Tensor Sample(int count, Generator generator, ScalarType dtype, Device device)
    {
        Validate();
        using var scope = NewDisposeScope();
        var magnitude = Low + (High - Low) * rand(count, 2, dtype: dtype, device: device, generator: generator);
        var sign = 2 * (rand(count, 2, dtype: dtype, device: device, generator: generator) < 0.5).to_type(dtype) - 1;
        return (sign * magnitude).MoveToOuterDisposeScope();
    }

    /// <summary>"±[LOW, HIGH] per coordinate".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"±[{Low:G6}, {High:G6}] per coordinate");
}
