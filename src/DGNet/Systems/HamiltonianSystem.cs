using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// An ODE system with state u = (q, p), q and p of n components each, and du/dt = (S - R) ∇H(u), where
/// S = [[0, I], [-I, 0]] and R = diag(0, r I): with r = 0 energy is conserved, with r &gt; 0 it decreases at the
/// rate r |∂H/∂p|².
/// </summary>
public abstract class HamiltonianSystem : PhysicalSystem
{
    /// <param name="degreesOfFreedom">n, the number of positions (the state has 2n components).</param>
    /// <param name="friction">The friction rate r on the momenta; zero or positive.</param>
    protected HamiltonianSystem(int degreesOfFreedom, double friction)
    {
        if (!(friction >= 0) || double.IsInfinity(friction))
            throw new ArgumentException($"friction must be zero or positive (got {friction})");
        DegreesOfFreedom = degreesOfFreedom;
        Friction = friction;
    }

    /// <summary>n, the number of positions q (and of momenta p).</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>The friction rate r on the momenta; zero for a conservative system.</summary>
    public double Friction { get; }

    public override long[] StateShape => [2 * DegreesOfFreedom];

    public override StructureSpec Structure => Friction > 0 ? StructureSpec.WithFriction(Friction) : StructureSpec.Canonical;

    /// <summary>The exact gradient ∇H(u), [batch, 2n].</summary>
    public abstract Tensor EnergyGradient(Tensor u);

    public override Tensor RightHandSide(Tensor u)
    {
        CheckStates(u);
        using var scope = NewDisposeScope();
        var gradient = EnergyGradient(u);
        var dHdq = gradient[.., ..DegreesOfFreedom];
        var dHdp = gradient[.., DegreesOfFreedom..];
        var dpdt = Friction > 0 ? -dHdq - Friction * dHdp : -dHdq;
        return cat([dHdp, dpdt], 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Draws states on circles of the (q, p) plane: radius uniform in [min, max), angle uniform, as in the paper's
    /// mass-spring and pendulum data.
    /// </summary>
    protected static Tensor SampleOnRing(int count, double minRadius, double maxRadius, Generator generator, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var radius = minRadius + (maxRadius - minRadius) * rand(count, dtype: dtype, device: device, generator: generator);
        var angle = 2 * Math.PI * rand(count, dtype: dtype, device: device, generator: generator);
        return stack([radius * angle.cos(), radius * angle.sin()], 1).MoveToOuterDisposeScope();
    }
}
