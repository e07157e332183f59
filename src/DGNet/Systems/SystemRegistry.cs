namespace DGNet.Systems;

/// <summary>The systems known by name, as used on the command line and stored in datasets.</summary>
public static class SystemRegistry
{
    /// <summary>The friction rate of "damped-mass-spring" and "damped-pendulum".</summary>
    public const double DefaultFriction = 0.05;

    private static readonly (string Name, Func<int?, PhysicalSystem> Create)[] Entries =
    [
        ("mass-spring", grid => Ode(grid, new MassSpring())),
        ("pendulum", grid => Ode(grid, new Pendulum())),
        ("two-body", grid => Ode(grid, new TwoBody())),
        ("damped-mass-spring", grid => Ode(grid, new MassSpring(DefaultFriction))),
        ("damped-pendulum", grid => Ode(grid, new Pendulum(DefaultFriction))),
        ("kdv", grid => grid is int m ? new KdV(m) : new KdV()),
        ("cahn-hilliard", grid => new CahnHilliard(1, grid)),
        ("cahn-hilliard-2d", grid => new CahnHilliard(2, grid)),
    ];

    /// <summary>The known names, in a fixed order.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Name).ToArray();

    /// <summary>
    /// The system called <paramref name="name"/> with its default parameters, on a grid of
    /// <paramref name="grid"/> points per dimension when given (fields only).
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown (the message lists the known ones), the grid is
    /// below 3 points, or a grid is given for an ODE system.</exception>
    public static PhysicalSystem Create(string name, int? grid = null)
    {
        foreach (var entry in Entries)
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))
                return entry.Create(grid);
        throw new ArgumentException($"unknown system '{name}' (known: {string.Join(", ", Names)})");
    }

    private static PhysicalSystem Ode(int? grid, PhysicalSystem system) => grid is null
        ? system
        : throw new ArgumentException($"{system.Name} is an ODE system: it has no grid (--grid applies to kdv, cahn-hilliard and cahn-hilliard-2d)");
}
