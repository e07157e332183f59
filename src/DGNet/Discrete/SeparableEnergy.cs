using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// A separable energy H(q, p) = T(p) + V(q) on states (q, p) with d degrees of freedom each ([P, batch..., 2d]),
/// as SRNN uses. <see cref="Kinetic"/> T and <see cref="Potential"/> V are energy networks of their own on
/// [P, batch..., d], so that ∂T/∂p and ∂V/∂q can be taken separately (with <see cref="DiscreteGradient"/>).
/// </summary>
public sealed class SeparableEnergy : PairModule
{
    private readonly PairModule kinetic;
    private readonly PairModule potential;

    /// <summary>Creates H = T(p) + V(q) for <paramref name="degreesOfFreedom"/> d.</summary>
    public SeparableEnergy(long degreesOfFreedom, PairModule kinetic, PairModule potential) : base(nameof(SeparableEnergy))
    {
        if (degreesOfFreedom < 1) throw new ArgumentException($"degrees of freedom must be >= 1, got {degreesOfFreedom}");
        DegreesOfFreedom = degreesOfFreedom;
        this.kinetic = kinetic;
        this.potential = potential;
        RegisterComponents();
    }

    /// <summary>d: the state is (q, p) with q, p of length d.</summary>
    public long DegreesOfFreedom { get; }

    /// <summary>T(p), an energy network on the momenta.</summary>
    public PairModule Kinetic => kinetic;

    /// <summary>V(q), an energy network on the positions.</summary>
    public PairModule Potential => potential;

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        long d = DegreesOfFreedom;
        if (x.shape[^1] != 2 * d)
            throw new ArgumentException($"a separable energy with {d} degrees of freedom needs states of length {2 * d}, got {x.shape[^1]}");
        var v = potential.Forward(x.narrow(-1, 0, d));
        var t = kinetic.Forward(x.narrow(-1, d, d));
        return new(t.Value + v.Value, g => cat([v.Pullback(g), t.Pullback(g)], -1));
    }
}
