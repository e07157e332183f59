using DGNet.Data;
using DGNet.Systems;

namespace DGNet.Evaluation;

/// <summary>
/// Finds the built-in system that generated some data, so that true energies can be computed: by the system name a
/// dataset (or a model description) records, with the grid taken from the state shape, accepted only when its
/// state shape and grid spacing match.
/// </summary>
public static class KnownSystem
{
    /// <summary>The system of <paramref name="data"/>, or null when it is unknown or does not match.</summary>
    public static PhysicalSystem? For(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return For(data.System, data.StateShape, data.Dx);
    }

    /// <summary>The system called <paramref name="name"/> for states of <paramref name="stateShape"/> and spacing
    /// <paramref name="dx"/>, or null when there is no such built-in system.</summary>
    public static PhysicalSystem? For(string? name, long[] stateShape, double? dx)
    {
        if (string.IsNullOrEmpty(name) || stateShape.Length == 0) return null;
        PhysicalSystem system;
        try
        {
            system = SystemRegistry.Create(name, dx is null ? null : (int)stateShape[0]);
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (!system.StateShape.SequenceEqual(stateShape)) return null;
        if ((system.GridSpacing is null) != (dx is null)) return null;
        if (system.GridSpacing is double h && Math.Abs(h - dx!.Value) > 1e-9 * h) return null;
        return system;
    }
}
