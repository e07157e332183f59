using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Integrators;

/// <summary>
/// The two test systems of the integrator tests, with states [batch, 2] = (q, p) and du/dt = S ∇H(u),
/// S = [[0, 1], [-1, 0]]: the harmonic oscillator H = q² + p² (the mass-spring system, angular frequency 2) and the
/// pendulum H = 3(1 - cos q) + p². Their discrete gradients are written analytically here; the engine's networks
/// replace them in the models.
/// </summary>
internal static class TestProblems
{
    /// <summary>Harmonic oscillator: dq/dt = 2p, dp/dt = -2q.</summary>
    public static Tensor OscillatorField(Tensor u)
    {
        var q = u.narrow(-1, 0, 1);
        var p = u.narrow(-1, 1, 1);
        return cat(new[] { 2 * p, -2 * q }, -1);
    }

    /// <summary>Exact oscillator solution: rotation of (q, p) by the angle 2t.</summary>
    public static Tensor OscillatorExact(Tensor u0, double t)
    {
        var q = u0.narrow(-1, 0, 1);
        var p = u0.narrow(-1, 1, 1);
        double c = Math.Cos(2 * t), s = Math.Sin(2 * t);
        return cat(new[] { q * c + p * s, p * c - q * s }, -1);
    }

    public static Tensor OscillatorEnergy(Tensor u) => u.square().sum(-1);

    /// <summary>Pendulum: dq/dt = 2p, dp/dt = -3 sin q.</summary>
    public static Tensor PendulumField(Tensor u)
    {
        var q = u.narrow(-1, 0, 1);
        var p = u.narrow(-1, 1, 1);
        return cat(new[] { 2 * p, -3 * q.sin() }, -1);
    }

    public static Tensor PendulumEnergy(Tensor u)
    {
        var q = u.select(-1, 0);
        var p = u.select(-1, 1);
        return 3 * (1 - q.cos()) + p.square();
    }

    /// <summary>
    /// S ∇̄H(next, current) for the pendulum. The q-part 3(cos v - cos u)/(u - v) is evaluated in the equivalent,
    /// cancellation-free form 3 sin((u + v)/2)·sinc((u - v)/2), with sinc = 1 where |u - v|/2 &lt; 1e-8 (exact to
    /// rounding there), so its limit u = v is the gradient 3 sin q; the p-part of p² is u + v. With
    /// <paramref name="friction"/> r &gt; 0 the structure is S - diag(0, r).
    /// </summary>
    public static Tensor PendulumDiscreteField(Tensor next, Tensor current, double friction = 0)
    {
        var (gq, gp) = PendulumDiscreteGradient(next, current);
        var dp = friction == 0 ? -gq : -gq - friction * gp;
        return cat(new[] { gp, dp }, -1);
    }

    public static (Tensor Q, Tensor P) PendulumDiscreteGradient(Tensor next, Tensor current)
    {
        var qv = current.narrow(-1, 0, 1);
        var half = (next.narrow(-1, 0, 1) - qv) * 0.5;
        var close = half.abs().lt(1e-8);
        var safeHalf = half.masked_fill(close, 1.0);
        var sinc = (safeHalf.sin() / safeHalf).masked_fill(close, 1.0);
        var gq = 3 * (qv + half).sin() * sinc;
        var gp = next.narrow(-1, 1, 1) + current.narrow(-1, 1, 1);
        return (gq, gp);
    }

    /// <summary>S ∇̄H for the oscillator: the discrete gradient of a quadratic energy is the midpoint gradient u + v.</summary>
    public static Tensor OscillatorDiscreteField(Tensor next, Tensor current)
    {
        var sum = next + current;
        return cat(new[] { sum.narrow(-1, 1, 1), -sum.narrow(-1, 0, 1) }, -1);
    }

    public static Dynamics OscillatorDynamics() => new(OscillatorField,
        new SeparableGradients(q => 2 * q, p => 2 * p), OscillatorDiscreteField);

    public static Dynamics PendulumDynamics(double friction = 0) => new(
        friction == 0 ? PendulumField : u => PendulumDiscreteField(u, u, friction),
        friction == 0 ? new SeparableGradients(q => 3 * q.sin(), p => 2 * p) : null,
        (next, current) => PendulumDiscreteField(next, current, friction));

    /// <summary>Initial states (q, p) = r (cos θ, sin θ) with radii spread over [low, high].</summary>
    public static Tensor InitialStates(int batch, double low, double high, ScalarType dtype = ScalarType.Float64)
    {
        var values = new double[batch * 2];
        for (int b = 0; b < batch; b++)
        {
            double r = batch == 1 ? low : low + (high - low) * b / (batch - 1);
            double theta = 0.3 + 1.7 * b;
            values[2 * b] = r * Math.Cos(theta);
            values[2 * b + 1] = r * Math.Sin(theta);
        }
        return tensor(values, new long[] { batch, 2 }, dtype: dtype);
    }

    public static double[] ToArray(Tensor t) => t.detach().to_type(ScalarType.Float64).cpu().data<double>().ToArray();

    public static double MaxAbs(Tensor t) => t.detach().abs().max().to_type(ScalarType.Float64).item<double>();
}
