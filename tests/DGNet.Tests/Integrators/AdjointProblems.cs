using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Integrators;

/// <summary>
/// Fields for the adjoint tests: a small tanh MLP with its own seeded generator (so tests running in parallel do
/// not share the global random state), a linear rotation-decay ODE with analytic solution and gradients, and the
/// reference gradients of back-propagation through solver steps.
/// </summary>
internal static class AdjointProblems
{
    /// <summary>f(u) = tanh(u W1 + b1) W2 + b2 on states [batch, dim].</summary>
    public sealed class Mlp
    {
        public Mlp(int dim, int hidden, long seed, ScalarType dtype = ScalarType.Float64)
        {
            var generator = new Generator((ulong)seed);
            Tensor Draw(long[] shape, double scale) =>
                (randn(shape, dtype: ScalarType.Float64, generator: generator) * scale).to_type(dtype)
                    .requires_grad_(true).DetachFromDisposeScope();
            Parameters = [Draw([dim, hidden], 1 / Math.Sqrt(dim)), Draw([hidden], 0.3),
                Draw([hidden, dim], 1 / Math.Sqrt(hidden)), Draw([dim], 0.3)];
        }

        public Tensor[] Parameters { get; }

        public Tensor Field(Tensor u) =>
            tanh(u.matmul(Parameters[0]) + Parameters[1]).matmul(Parameters[2]) + Parameters[3];
    }

    /// <summary>du/dt = α u + ω J u with J(q, p) = (p, -q): u(T) = e^{αT} R(ωT) u0, R a rotation.</summary>
    public sealed class RotationDecay(double alpha, double omega, ScalarType dtype = ScalarType.Float64)
    {
        public Tensor Alpha { get; } = tensor(alpha, dtype: dtype).requires_grad_(true).DetachFromDisposeScope();

        public Tensor Omega { get; } = tensor(omega, dtype: dtype).requires_grad_(true).DetachFromDisposeScope();

        public Tensor[] Parameters => [Alpha, Omega];

        public Tensor Field(Tensor u)
        {
            var rotated = cat(new[] { u.narrow(-1, 1, 1), -u.narrow(-1, 0, 1) }, -1);
            return Alpha * u + Omega * rotated;
        }

        /// <summary>Gradients of L = Σ_b c_b · u_b(T) with respect to u0, α and ω.</summary>
        public (double[] State, double Alpha, double Omega) ExactGradients(double[,] u0, double[,] c, double time)
        {
            double alpha = Alpha.item<double>(), omega = Omega.item<double>();
            double growth = Math.Exp(alpha * time), cos = Math.Cos(omega * time), sin = Math.Sin(omega * time);
            int batch = u0.GetLength(0);
            var state = new double[batch * 2];
            double loss = 0, dOmega = 0;
            for (int b = 0; b < batch; b++)
            {
                double q = u0[b, 0], p = u0[b, 1], cq = c[b, 0], cp = c[b, 1];
                loss += growth * (cq * (cos * q + sin * p) + cp * (-sin * q + cos * p));
                dOmega += growth * time * (cq * (-sin * q + cos * p) + cp * (-cos * q - sin * p));
                state[2 * b] = growth * (cos * cq - sin * cp);
                state[2 * b + 1] = growth * (sin * cq + cos * cp);
            }
            return (state, time * loss, dOmega);
        }
    }

    /// <summary>A batch of states [batch, dim] from a seeded generator.</summary>
    public static Tensor States(int batch, int dim, long seed, ScalarType dtype = ScalarType.Float64) =>
        randn(new long[] { batch, dim }, dtype: ScalarType.Float64, generator: new Generator((ulong)seed)).to_type(dtype);

    /// <summary>The training-style loss: squared distance of the states to fixed targets.</summary>
    public static Tensor Loss(Tensor states, Tensor targets) => (states - targets).square().sum();

    /// <summary>Gradients of <paramref name="loss"/> (a function of u0) with respect to a fresh copy of u0 that
    /// requires grad, then each parameter.</summary>
    public static Tensor[] Gradients(Func<Tensor, Tensor> loss, Tensor u0, IReadOnlyList<Tensor> parameters)
    {
        var start = u0.detach().clone().requires_grad_(true);
        var inputs = new List<Tensor> { start };
        inputs.AddRange(parameters);
        return autograd.grad(new[] { loss(start) }, inputs).ToArray();
    }

    /// <summary>The final state of <paramref name="steps"/> equal steps of a fixed-step solver, with graph.</summary>
    public static Tensor Steps(FixedStepSolver solver, VectorField f, Tensor u0, double time, int steps, SolverStats? stats = null)
    {
        var u = u0;
        for (int n = 0; n < steps; n++) u = solver.Step(f, u, time / steps, stats);
        return u;
    }

    /// <summary>The largest over the tensors of max|a - b| / max|b|.</summary>
    public static double RelativeDifference(IReadOnlyList<Tensor> actual, IReadOnlyList<Tensor> expected)
    {
        Assert.Equal(expected.Count, actual.Count);
        double worst = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].shape, actual[i].shape);
            double scale = TestProblems.MaxAbs(expected[i]);
            worst = Math.Max(worst, TestProblems.MaxAbs(actual[i].to_type(expected[i].dtype) - expected[i]) / scale);
        }
        return worst;
    }
}
