using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DGNet.Structure;

/// <summary>
/// The canonical structure with friction, S - R with R = diag(0, r), r >= 0 one coefficient per momentum:
/// (S - R) ∇H = (∂H/∂p, -∂H/∂q - r ∂H/∂p). Its symmetric part -R is negative semi-definite, so the energy never
/// increases. A learned r is r = softplus(ρ), non-negative for every parameter value ρ.
/// </summary>
public sealed class Friction : StructureOperator
{
    private readonly Parameter? rho;
    private readonly Tensor? fixedCoefficients;

    /// <summary>
    /// Creates S - R for <paramref name="degreesOfFreedom"/> d with all coefficients starting at
    /// <paramref name="initial"/> (> 0 when learned, >= 0 when fixed); learned unless <paramref name="learnable"/> is false.
    /// </summary>
    public Friction(long degreesOfFreedom, bool learnable = true, double initial = 0.1,
        ScalarType dtype = ScalarType.Float64, Device? device = null) : base(nameof(Friction))
    {
        if (degreesOfFreedom < 1) throw new ArgumentException($"degrees of freedom must be >= 1, got {degreesOfFreedom}");
        if (learnable && !(initial > 0)) throw new ArgumentException($"a learned friction coefficient starts > 0 (it is softplus of a parameter), got {initial}");
        if (!learnable && !(initial >= 0)) throw new ArgumentException($"friction coefficients must be >= 0, got {initial}");
        DegreesOfFreedom = degreesOfFreedom;
        if (learnable)
        {
            // softplus⁻¹(r) = log(expm1(r)), written to stay finite for large r.
            double rhoInitial = initial > 30 ? initial : Math.Log(Math.Exp(initial) - 1);
            rho = nn.Parameter(full(degreesOfFreedom, rhoInitial, dtype: dtype, device: device));
        }
        else
        {
            fixedCoefficients = full(degreesOfFreedom, initial, dtype: dtype, device: device);
        }
        RegisterComponents();
    }

    /// <summary>d.</summary>
    public long DegreesOfFreedom { get; }

    /// <summary>True when r is a trained parameter.</summary>
    public bool IsLearnable => rho is not null;

    /// <inheritdoc/>
    public override int StateAxes => 1;

    /// <inheritdoc/>
    public override StructureProperties Properties =>
        new(IsSkew: !IsLearnable && fixedCoefficients!.count_nonzero().item<long>() == 0, IsNegativeSemidefinite: true, IsMassConserving: false);

    /// <summary>The friction coefficients r >= 0, [d].</summary>
    public Tensor Coefficients() => rho is not null ? nn.functional.softplus(rho) : fixedCoefficients!;

    /// <inheritdoc/>
    public override Tensor Apply(Tensor gradient)
    {
        CheckState(gradient);
        long d = DegreesOfFreedom;
        if (gradient.shape[^1] != 2 * d)
            throw new ArgumentException($"the friction structure for {d} degrees of freedom needs states of length {2 * d}, got {gradient.shape[^1]}");
        var dq = gradient.narrow(-1, 0, d);
        var dp = gradient.narrow(-1, d, d);
        var r = Coefficients().to(gradient.dtype, gradient.device);
        return cat([dp, -dq - r * dp], -1);
    }
}
