using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// Leapfrog (Störmer-Verlet) for a separable energy H = T(p) + V(q): symplectic, time-reversible, second order,
/// explicit; the energy error stays bounded over long runs instead of drifting. The integrator of SRNN.
/// States (q, p) are the halves of the last axis. Differentiable.
/// </summary>
public sealed class Leapfrog(LeapfrogVariant variant = LeapfrogVariant.KickDriftKick) : ISolver
{
    /// <summary>Kick-drift-kick or drift-kick-drift.</summary>
    public LeapfrogVariant Variant { get; } = variant;

    /// <summary>"leapfrog" (kick-drift-kick) or "leapfrog-dkd".</summary>
    public string Name => Variant == LeapfrogVariant.KickDriftKick ? "leapfrog" : "leapfrog-dkd";

    public int Order => 2;

    /// <summary>One step of size <paramref name="dt"/> from u = (q, p) [batch, ..., 2d].</summary>
    public Tensor Step(SeparableGradients gradients, Tensor u, double dt, SolverStats? stats = null)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (stats is not null)
        {
            stats.FunctionEvaluations += 3;
            stats.Steps++;
        }
        using var scope = NewDisposeScope();
        var (q, p) = SeparableGradients.Split(u);
        Tensor q1, p1;
        if (Variant == LeapfrogVariant.KickDriftKick)
        {
            var pHalf = p.add(gradients.PotentialGradient(q), alpha: -dt / 2);
            q1 = q.add(gradients.KineticGradient(pHalf), alpha: dt);
            p1 = pHalf.add(gradients.PotentialGradient(q1), alpha: -dt / 2);
        }
        else
        {
            var qHalf = q.add(gradients.KineticGradient(p), alpha: dt / 2);
            p1 = p.add(gradients.PotentialGradient(qHalf), alpha: -dt);
            q1 = qHalf.add(gradients.KineticGradient(p1), alpha: dt / 2);
        }
        return cat(new[] { q1, p1 }, -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// u[0..steps] as [batch, steps + 1, *state] for prediction (no autograd): the same arithmetic as repeated
    /// <see cref="Step"/>, but the closing half-update of one step and the opening half-update of the next share
    /// one gradient evaluation (first same as last) and the updates happen in place, so a step costs two gradient
    /// evaluations and a handful of tensor operations.
    /// </summary>
    public Tensor Integrate(SeparableGradients gradients, Tensor u0, double dt, int steps, SolverStats? stats = null)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (steps < 0) throw new ArgumentException($"the number of steps must be at least 0, got {steps}");
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var (q0, p0) = SeparableGradients.Split(u0);
        var qs = StorageFor(q0, steps);
        var ps = StorageFor(p0, steps);
        bool kickFirst = Variant == LeapfrogVariant.KickDriftKick;
        // KDK carries (q, p at half steps); DKD carries (q at half steps, p). The carried half-step variable gets
        // the closing half-update of step n (then it holds its value at step n) and the opening one of step n + 1.
        var q = q0.clone();
        var p = p0.clone();
        if (kickFirst) p.add_(gradients.PotentialGradient(q), alpha: -dt / 2);
        else q.add_(gradients.KineticGradient(p), alpha: dt / 2);
        for (int n = 1; n <= steps; n++)
        {
            using var stepScope = NewDisposeScope();
            if (kickFirst)
            {
                q.add_(gradients.KineticGradient(p), alpha: dt);
                var force = gradients.PotentialGradient(q);
                p.add_(force, alpha: -dt / 2);
                qs.select(1, n).copy_(q);
                ps.select(1, n).copy_(p);
                p.add_(force, alpha: -dt / 2);
            }
            else
            {
                p.add_(gradients.PotentialGradient(q), alpha: -dt);
                var velocity = gradients.KineticGradient(p);
                q.add_(velocity, alpha: dt / 2);
                qs.select(1, n).copy_(q);
                ps.select(1, n).copy_(p);
                q.add_(velocity, alpha: dt / 2);
            }
        }
        if (stats is not null)
        {
            stats.FunctionEvaluations += 2L * steps + 1;
            stats.Steps += steps;
        }
        return cat(new[] { qs, ps }, -1).MoveToOuterDisposeScope();
    }

    private static Tensor StorageFor(Tensor half, int steps)
    {
        var shape = half.shape.ToList();
        shape.Insert(1, steps + 1);
        var storage = empty(shape.ToArray(), dtype: half.dtype, device: half.device);
        storage.select(1, 0).copy_(half);
        return storage;
    }

    public OneStepMap CreateStepMap(Dynamics dynamics, double dt)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        var gradients = dynamics.Separable ?? throw new ArgumentException(
            $"solver '{Name}' needs a separable energy H = T(p) + V(q) (its gradients ∂V/∂q and ∂T/∂p); " +
            "these dynamics have none: use rk2, rk4 or dopri5 instead");
        return (u, stats) => Step(gradients, u, dt, stats);
    }
}
