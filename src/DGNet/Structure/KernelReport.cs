using System.Globalization;
using System.Text;

namespace DGNet.Structure;

/// <summary>What <see cref="KernelCheck"/> finds about a (learned) convolution kernel.</summary>
/// <param name="KernelShape">[k] or [kH, kW].</param>
/// <param name="Weights">The kernel, row-major.</param>
/// <param name="GridShape">The periodic grid on which definiteness was judged.</param>
/// <param name="Sum">Σ w: the column sum of G, zero for mass conservation.</param>
/// <param name="RelativeSum">|Σ w| / Σ |w|.</param>
/// <param name="SymmetryDeviation">Largest change of the kernel under reflection (1-D) or under 90° rotations and
/// reflections (2-D, square kernels), relative to max |w|; zero for isotropic kernels.</param>
/// <param name="MaxEigenvalue">Largest eigenvalue of the symmetric part (G + Gᵀ)/2 on the grid.</param>
/// <param name="MinEigenvalue">Smallest eigenvalue of the symmetric part on the grid.</param>
/// <param name="Tolerance">Relative tolerance of the verdicts.</param>
public sealed record KernelReport(
    long[] KernelShape, double[] Weights, long[] GridShape,
    double Sum, double RelativeSum, double SymmetryDeviation,
    double MaxEigenvalue, double MinEigenvalue, double Tolerance)
{
    private double EigenScale => Math.Max(Math.Max(Math.Abs(MaxEigenvalue), Math.Abs(MinEigenvalue)), double.Epsilon);

    /// <summary>Σ w = 0 within the tolerance: G conserves mass.</summary>
    public bool IsZeroSum => RelativeSum <= Tolerance;

    /// <summary>Unchanged by reflections (and 90° rotations in 2-D) within the tolerance.</summary>
    public bool IsIsotropic => SymmetryDeviation <= Tolerance;

    /// <summary>The symmetric part is negative semi-definite within the tolerance: G dissipates energy.</summary>
    public bool IsNegativeSemidefinite => MaxEigenvalue <= Tolerance * EigenScale;

    /// <summary>
    /// The symmetric part is negative or positive semi-definite within the tolerance. The sign of a learned G is tied to
    /// the learned energy's, (-G)∇(-H) = G∇H, so either means the model dissipates one of ±H.
    /// </summary>
    public bool IsSemidefiniteUpToSign => Definiteness is "negative semi-definite" or "positive semi-definite";

    /// <summary>"zero" (skew G), "negative semi-definite", "positive semi-definite" or "indefinite".</summary>
    public string Definiteness =>
        Math.Abs(MaxEigenvalue) <= Tolerance * Weights.Sum(Math.Abs) && Math.Abs(MinEigenvalue) <= Tolerance * Weights.Sum(Math.Abs) ? "zero"
        : IsNegativeSemidefinite ? "negative semi-definite"
        : MinEigenvalue >= -Tolerance * EigenScale ? "positive semi-definite"
        : "indefinite";

    /// <summary>A readable multi-line report: the kernel, then one line per check with its verdict.</summary>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine($"kernel {string.Join("x", KernelShape)}:");
        long columns = KernelShape[^1];
        for (int row = 0; row < Weights.Length / columns; row++)
            text.AppendLine("  " + string.Join(" ", Weights.Skip(row * (int)columns).Take((int)columns).Select(w => w.ToString("0.0000E+00", c).PadLeft(12))));
        string percent = (Tolerance * 100).ToString("G3", c);
        text.AppendLine(string.Create(c, $"sum {Sum:0.000E+00} ({RelativeSum:0.0E+00} of sum |w|): ") +
            (IsZeroSum ? $"zero within {percent}%, mass-conserving" : "not zero, mass not conserved"));
        string group = KernelShape.Length == 1 ? "reflection" : "90° rotations and reflections";
        text.AppendLine(string.Create(c, $"symmetry: largest change under {group} {SymmetryDeviation:0.0E+00} of max |w|: ") +
            (IsIsotropic ? "isotropic" : "not isotropic"));
        text.Append(string.Create(c, $"symmetric part on a {string.Join("x", GridShape)} grid: eigenvalues in [{MinEigenvalue:0.000E+00}, {MaxEigenvalue:0.000E+00}]: ") +
            Definiteness switch
            {
                "zero" => "zero (skew operator, energy-conserving)",
                "negative semi-definite" => "negative semi-definite (energy-dissipating)",
                "positive semi-definite" => "positive semi-definite (with the learned energy's sign reversed, the same model has a negative semi-definite G: (-G)∇(-H) = G∇H)",
                var other => other,
            });
        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToText();
}
