namespace DGNet.Integrators;

/// <summary>Solvers by name, as the command line and the models refer to them.</summary>
public static class SolverRegistry
{
    /// <summary>Canonical names, in the order they are listed to users.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["euler", "midpoint", "rk4", "dopri5", "leapfrog", "leapfrog-dkd", "implicit-midpoint", "eq6"];

    /// <summary>Other accepted spellings and the canonical name each stands for.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>
    {
        ["rk2"] = "midpoint",
        ["dp"] = "dopri5",
        ["leapfrog-kdk"] = "leapfrog",
        ["discrete-gradient"] = "eq6",
    };

    /// <summary>The canonical name for <paramref name="name"/> (case-insensitive); <see cref="ArgumentException"/>
    /// listing the valid names if there is none.</summary>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant();
        if (Names.Contains(key)) return key;
        if (Aliases.TryGetValue(key, out var canonical)) return canonical;
        throw new ArgumentException(
            $"unknown solver '{name}' (known: {string.Join(", ", Names)}; aliases: " +
            $"{string.Join(", ", Aliases.Select(a => $"{a.Key} = {a.Value}"))})");
    }

    /// <summary>A new solver by name; the options apply to the solvers that use them.</summary>
    public static ISolver Create(string name, Dopri5Options? dopri5 = null, NewtonOptions? newton = null) =>
        Canonical(name) switch
        {
            "euler" => new Euler(),
            "midpoint" => new Midpoint(),
            "rk4" => new Rk4(),
            "dopri5" => new Dopri5(dopri5),
            "leapfrog" => new Leapfrog(LeapfrogVariant.KickDriftKick),
            "leapfrog-dkd" => new Leapfrog(LeapfrogVariant.DriftKickDrift),
            "implicit-midpoint" => new ImplicitMidpoint(newton),
            "eq6" => new DiscreteGradientStep(newton),
            var other => throw new InvalidOperationException($"solver '{other}' is listed but not constructible"),
        };
}
