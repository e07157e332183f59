using static TorchSharp.torch;

namespace DGNet.Structure;

/// <summary>
/// The canonical symplectic matrix S = [[0, I], [-I, 0]] for d degrees of freedom, states ordered (q, p):
/// S ∇H = (∂H/∂p, -∂H/∂q), Hamilton's equations. Skew, so the energy is conserved.
/// </summary>
public sealed class CanonicalSymplectic : StructureOperator
{
    /// <summary>Creates S for <paramref name="degreesOfFreedom"/> d (states of length 2d).</summary>
    public CanonicalSymplectic(long degreesOfFreedom) : base(nameof(CanonicalSymplectic))
    {
        if (degreesOfFreedom < 1) throw new ArgumentException($"degrees of freedom must be >= 1, got {degreesOfFreedom}");
        DegreesOfFreedom = degreesOfFreedom;
        RegisterComponents();
    }

    /// <summary>d.</summary>
    public long DegreesOfFreedom { get; }

    /// <inheritdoc/>
    public override int StateAxes => 1;

    /// <inheritdoc/>
    public override StructureProperties Properties => new(IsSkew: true, IsNegativeSemidefinite: true, IsMassConserving: false);

    /// <inheritdoc/>
    public override Tensor Apply(Tensor gradient)
    {
        CheckState(gradient);
        long d = DegreesOfFreedom;
        if (gradient.shape[^1] != 2 * d)
            throw new ArgumentException($"the canonical structure for {d} degrees of freedom needs states of length {2 * d}, got {gradient.shape[^1]}");
        return cat([gradient.narrow(-1, d, d), -gradient.narrow(-1, 0, d)], -1);
    }
}
