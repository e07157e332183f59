using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// The two gradients of a separable energy H(q, p) = T(p) + V(q), for <see cref="Leapfrog"/>. States are
/// u = (q, p) split in halves of the last axis; the canonical equations are dq/dt = ∂T/∂p, dp/dt = -∂V/∂q.
/// </summary>
/// <param name="PotentialGradient">∂V/∂q: q [batch, ..., d] ↦ same shape.</param>
/// <param name="KineticGradient">∂T/∂p: p [batch, ..., d] ↦ same shape.</param>
public sealed record SeparableGradients(Func<Tensor, Tensor> PotentialGradient, Func<Tensor, Tensor> KineticGradient)
{
    /// <summary>The canonical vector field (∂T/∂p, -∂V/∂q), for the solvers that take a general field.</summary>
    public Tensor Field(Tensor u)
    {
        var (q, p) = Split(u);
        return cat(new[] { KineticGradient(p), -PotentialGradient(q) }, -1);
    }

    /// <summary>Splits u into (q, p), the halves of its last axis.</summary>
    public static (Tensor Q, Tensor P) Split(Tensor u)
    {
        long size = u.shape[^1];
        if (size % 2 != 0)
            throw new ArgumentException($"a separable state (q, p) needs an even last axis, got {size}");
        return (u.narrow(-1, 0, size / 2), u.narrow(-1, size / 2, size / 2));
    }
}
