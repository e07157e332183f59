using System.Globalization;
using DGNet.Data;
using DGNet.Evaluation;
using DGNet.Models;
using DGNet.Structure;

namespace DGNet.Training;

/// <summary>
/// Turns a user's <see cref="ModelChoices"/> and a dataset into a <see cref="ModelSpec"/>: the state shape, dt and dx
/// come from the data, and <c>--structure auto</c> becomes a concrete G.
/// </summary>
public static class ModelSetup
{
    /// <summary>The structure choices accepted on the command line: "auto" and the operator names.</summary>
    public static IReadOnlyList<string> StructureChoices { get; } = ["auto", .. StructureOperators.Names];

    /// <summary>The spec of the model chosen for <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">A choice is unknown or does not fit the data; the message names the option.</exception>
    public static ModelSpec Spec(Dataset data, ModelChoices choices)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(choices);
        string model = PhysicsModels.Canonical(choices.Model);
        var spec = new ModelSpec
        {
            Model = model,
            StateShape = data.StateShape,
            Dt = data.Dt,
            Dx = data.Dx,
            DType = choices.DType,
            Structure = model == "node" ? CheckNoStructure(choices) : Resolve(data, choices.Structure, choices.Friction),
            KernelSize = choices.KernelSize,
            KernelOrder = choices.KernelOrder,
            Hidden = choices.Hidden,
            Activation = (choices.Activation ?? "").ToLowerInvariant(),
            System = data.System,
        };
        if (model == "srnn" && spec.Structure != "canonical")
            throw new ArgumentException(
                $"--structure: srnn needs the canonical structure S of ODE states (q, p); this data would use '{spec.Structure}' " +
                "(for friction or fields use --model hnn or dgnet)");
        spec.Validate();
        return spec;
    }

    /// <summary>Checks that the data have the state shape, dt and dx the model is made for.</summary>
    /// <exception cref="InvalidDataException">They differ; the message names the data file.</exception>
    public static void CheckFits(ModelSpec spec, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        string file = data.SourcePath ?? "the data";
        if (!data.StateShape.SequenceEqual(spec.StateShape))
            throw new InvalidDataException(
                $"{file}: states of shape [{string.Join(", ", data.StateShape)}], but the model is for states [{string.Join(", ", spec.StateShape)}]");
        if (data.Dx is null != spec.Dx is null)
            throw new InvalidDataException(spec.Dx is null
                ? string.Create(CultureInfo.InvariantCulture, $"{file}: holds fields on a grid (dx {data.Dx}), but the model is for ODE states")
                : string.Create(CultureInfo.InvariantCulture, $"{file}: holds ODE states (no dx), but the model is for fields on a grid with dx {spec.Dx}"));
        if (data.Dx is double dx && !Close(dx, spec.Dx!.Value))
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{file}: grid spacing dx {dx:G6} differs from the model's {spec.Dx:G6}"));
        if (!Close(data.Dt, spec.Dt))
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{file}: time step dt {data.Dt:G6} differs from the model's {spec.Dt:G6}"));
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>
    /// The concrete structure for a dataset: an explicit name is used as given; "auto" takes the structure of the
    /// dataset's system when it is a known one (canonical S, S - R with friction, the central difference d or the
    /// Laplacian d2), and for data of unknown origin the canonical S for ODE states (q, p) and a freely learned
    /// kernel ("learned": no sum, symmetry or sign imposed, so <c>dgnet inspect</c> can read off what it learned) for
    /// fields. <paramref name="friction"/> turns canonical into "friction" (S - R with a learned r >= 0).
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown or does not fit the state.</exception>
    public static string Resolve(Dataset data, string structure, bool friction)
    {
        ArgumentNullException.ThrowIfNull(data);
        string name = (structure ?? "auto").Trim().ToLowerInvariant();
        if (!StructureChoices.Contains(name))
            throw new ArgumentException($"--structure: unknown structure '{structure}' (known: {string.Join(", ", StructureChoices)})");
        if (name == "auto") name = KnownStructure(data) ?? (data.IsField ? "learned" : "canonical");
        if (friction)
        {
            if (name is not ("canonical" or "friction"))
                throw new ArgumentException($"--friction: applies to the canonical structure of ODE states (q, p), not to '{name}'");
            name = "friction";
        }
        bool odeStructure = name is "canonical" or "friction";
        if (odeStructure && data.IsField)
            throw new ArgumentException($"--structure {name}: needs ODE states (q, p), but the data holds fields (it has dx)");
        if (odeStructure && data.StateShape[0] % 2 != 0)
            throw new ArgumentException(
                $"--structure {name}: needs states (q, p) of even length, the data's states have length {data.StateShape[0]}");
        if (!odeStructure && !data.IsField)
            throw new ArgumentException($"--structure {name}: acts on fields on a grid, but the data holds ODE states (it has no dx)");
        return name;
    }

    /// <summary>The structure of the dataset's generating system when it is a known system of the same state shape.</summary>
    private static string? KnownStructure(Dataset data) => KnownSystem.For(data)?.Structure.Name;

    private static string? CheckNoStructure(ModelChoices choices)
    {
        if (choices.Friction) throw new ArgumentException("--friction: a neural ODE has no structure G to add friction to");
        string name = (choices.Structure ?? "auto").Trim().ToLowerInvariant();
        if (name != "auto") throw new ArgumentException($"--structure: a neural ODE has no structure G (got '{choices.Structure}')");
        return null;
    }
}
