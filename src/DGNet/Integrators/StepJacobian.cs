using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// The dense Jacobian I - dt·∂g(x, u)/∂x of an implicit step's residual x - u - dt·g(x, u), from a single evaluation
/// of g on the batch replicated n times (n = elements per trajectory). Exact: one backward pass with identity
/// cotangents instead of n vector-Jacobian products. Finite differences: one evaluation of n + 1 copies. Either
/// way the per-call overhead does not grow with n, which is what makes dense Newton cheap on small states.
/// Requires g to treat batch rows independently.
/// </summary>
internal static class StepJacobian
{
    public static Func<Tensor, Tensor> For(Func<Tensor, Tensor, Tensor> g, Tensor current, double dt,
        JacobianSource source, SolverStats stats)
    {
        return x =>
        {
            stats.FunctionEvaluations++;
            using var scope = NewDisposeScope();
            long batch = x.shape[0], n = x.numel() / batch;
            var identity = eye(n, dtype: x.dtype, device: x.device);
            var jg = source == JacobianSource.Autograd ? ByAutograd(g, current, x, batch, n, identity)
                : ByDifferences(g, current, x, batch, n, identity);
            return (identity - dt * jg).MoveToOuterDisposeScope();
        };
    }

    /// <summary>∂g/∂x [batch, n, n]: row i of trajectory b is the gradient of g_i, pulled out by cotangent e_i.</summary>
    private static Tensor ByAutograd(Func<Tensor, Tensor, Tensor> g, Tensor current, Tensor x, long batch, long n, Tensor identity)
    {
        var leaf = Replicate(x.detach(), n).requires_grad_(true);
        var context = Replicate(current, n);
        var cotangent = identity.expand(batch, n, n).reshape(leaf.shape);
        Tensor output;
        using (enable_grad()) output = g(leaf, context);
        var rows = torch.autograd.grad(new[] { output }, new[] { leaf }, new[] { cotangent })[0];
        return rows.reshape(batch, n, n);
    }

    /// <summary>∂g/∂x [batch, n, n] by forward differences with h_j = √ε·max(1, |x_j|).</summary>
    private static Tensor ByDifferences(Func<Tensor, Tensor, Tensor> g, Tensor current, Tensor x, long batch, long n, Tensor identity)
    {
        using var guard = no_grad();
        double sqrtEpsilon = Math.Sqrt(NewtonOptions.MachineEpsilon(x.dtype));
        var flat = x.reshape(batch, 1, n);
        var h = flat.abs().clamp_min(1.0) * sqrtEpsilon;                         // [batch, 1, n]
        var shifts = cat(new[] { zeros(batch, 1, n, dtype: x.dtype, device: x.device), identity * h }, 1);
        var points = (flat + shifts).reshape(ShapeWithBatch(x, batch * (n + 1)));
        var values = g(points, Replicate(current, n + 1)).reshape(batch, n + 1, n);
        var columns = (values.narrow(1, 1, n) - values.narrow(1, 0, 1)) / h.transpose(1, 2);  // [batch, j, i]
        return columns.transpose(1, 2);
    }

    /// <summary>Each trajectory's row repeated <paramref name="copies"/> times consecutively: [batch·copies, *state].</summary>
    private static Tensor Replicate(Tensor t, long copies)
    {
        var shape = t.shape.ToList();
        shape.Insert(1, copies);
        return t.unsqueeze(1).expand(shape.ToArray()).reshape(ShapeWithBatch(t, t.shape[0] * copies));
    }

    private static long[] ShapeWithBatch(Tensor t, long batch)
    {
        var shape = t.shape.ToArray();
        shape[0] = batch;
        return shape;
    }
}
