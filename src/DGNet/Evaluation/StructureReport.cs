using System.Globalization;
using System.Text;
using DGNet.Models;
using DGNet.Structure;
using static TorchSharp.torch;

namespace DGNet.Evaluation;

/// <summary>
/// What a trained model learned about its structure G: the friction coefficients r of S - R, and for a learned
/// convolution kernel the kernel itself with the <see cref="KernelCheck"/> verdicts (sum: mass conservation;
/// symmetry: isotropy; definiteness of the symmetric part: energy dissipation), judged on the model's grid.
/// </summary>
public static class StructureReport
{
    /// <summary>The learned friction coefficients r >= 0, or null when the model has no learned friction.</summary>
    public static double[]? FrictionCoefficients(PhysicsModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Structure is not Friction { IsLearnable: true } friction) return null;
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        return friction.Coefficients().to_type(ScalarType.Float64).cpu().data<double>().ToArray();
    }

    /// <summary>The check of a learned kernel on the model's grid, or null when G is not a learned kernel.</summary>
    public static KernelReport? Kernel(PhysicsModel model, double tolerance = 1e-2)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Structure is not LearnedKernel kernel) return null;
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        return KernelCheck.Analyze(kernel.Kernel(), model.Spec.StateShape, tolerance);
    }

    /// <summary>A readable report: the structure's guarantees, then the friction or the learned kernel if any.</summary>
    public static string ToText(PhysicsModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = new StringBuilder();
        if (model.Structure is not { } structure)
            return "structure G: none (the model is a free vector field)";
        text.Append($"structure G: {model.Spec.Structure}, {structure.Properties}");
        if (FrictionCoefficients(model) is { } r)
            text.Append("\nlearned friction r (>= 0 by construction): ")
                .Append(string.Join(", ", r.Select(x => x.ToString("0.0000E+00", CultureInfo.InvariantCulture))));
        if (model.Structure is LearnedKernel learned)
            text.Append($"\nlearned kernel, constraint {learned.Constraint.ToString().ToLowerInvariant()}" +
                        (learned.IsZeroSum ? ", zero-sum by construction" : "") + "\n").Append(Kernel(model)!.ToText());
        return text.ToString();
    }
}
