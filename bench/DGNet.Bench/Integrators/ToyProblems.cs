using static TorchSharp.torch;

namespace DGNet.Bench.Integrators;

/// <summary>Small analytic problems that exercise the solvers without any model: the pendulum
/// H = 3(1 - cos q) + p² with its discrete gradient, and implicit Euler steps of the Allen-Cahn equation.</summary>
internal static class ToyProblems
{
    /// <summary>These problems are far too small for intra-op parallelism, which only adds synchronisation (and
    /// collapses on a busy machine), so the suites measure one thread.</summary>
    public static void UseOneThread() => TorchSharp.torch.set_num_threads(1);

    public static Tensor PendulumField(Tensor u) =>
        cat(new[] { 2 * u.narrow(-1, 1, 1), -3 * u.narrow(-1, 0, 1).sin() }, -1);

    /// <summary>S ∇̄H(next, current): 3 sin((u + v)/2)·sinc((u - v)/2) for the q-part, u + v for the p-part.</summary>
    public static Tensor PendulumDiscreteField(Tensor next, Tensor current)
    {
        var qv = current.narrow(-1, 0, 1);
        var half = (next.narrow(-1, 0, 1) - qv) * 0.5;
        var close = half.abs().lt(1e-8);
        var safeHalf = half.masked_fill(close, 1.0);
        var gq = 3 * (qv + half).sin() * (safeHalf.sin() / safeHalf).masked_fill(close, 1.0);
        var gp = next.narrow(-1, 1, 1) + current.narrow(-1, 1, 1);
        return cat(new[] { gp, -gq }, -1);
    }

    public static Tensor PendulumStates(int batch, ScalarType dtype)
    {
        var values = new double[2 * batch];
        for (int b = 0; b < batch; b++)
        {
            double r = 1.3 + b / Math.Max(1.0, batch - 1.0), theta = 0.3 + 1.7 * b;
            values[2 * b] = r * Math.Cos(theta);
            values[2 * b + 1] = r * Math.Sin(theta);
        }
        return tensor(values, new long[] { batch, 2 }, dtype: dtype);
    }

    /// <summary>Residual of an implicit Euler step x = u + dt(Δx + x - x³) on a periodic grid (1-D or 2-D).</summary>
    public static Func<Tensor, Tensor> AllenCahnStep(Tensor u, double dt)
    {
        var axes = u.dim() == 2 ? new long[] { -1 } : new long[] { -1, -2 };
        return x =>
        {
            var laplacian = -2 * axes.Length * x;
            foreach (var axis in axes) laplacian = laplacian + x.roll(1, axis) + x.roll(-1, axis);
            return x - u - dt * (laplacian + x - x.pow(3));
        };
    }
}
