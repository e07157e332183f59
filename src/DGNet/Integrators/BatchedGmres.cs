using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// Restarted GMRES for a batch of independent linear systems A_b y_b = c_b, each A_b known only through products.
/// The Arnoldi vectors live in one tensor [batch, m + 1, n] and are orthogonalised with two rounds of classical
/// Gram-Schmidt as batched matrix products; the small Hessenberg least-squares problems (Givens rotations) are
/// solved on the host in float64, which costs one transfer of m + 1 numbers per system and iteration.
/// </summary>
internal static class BatchedGmres
{
    /// <summary>
    /// Approximates y with |c_b - A_b y_b|₂ ≤ max(relativeTolerance[b]·|c_b|₂, absoluteTolerance[b]) for every
    /// row b, starting from y = 0.
    /// </summary>
    /// <param name="apply">The batched product v [batch, n] ↦ A v [batch, n].</param>
    /// <param name="rhs">c [batch, n].</param>
    /// <param name="relativeTolerance">Per-row tolerance relative to |c_b|₂.</param>
    /// <param name="absoluteTolerance">Per-row residual 2-norm that is always good enough.</param>
    /// <param name="restart">Krylov vectors per cycle.</param>
    /// <param name="maxProducts">Products allowed in total; the best iterate so far is returned when they run out.</param>
    /// <param name="products">Products used.</param>
    public static Tensor Solve(Func<Tensor, Tensor> apply, Tensor rhs, double[] relativeTolerance, double[] absoluteTolerance, int restart,
        int maxProducts, out int products)
    {
        using var scope = NewDisposeScope();
        int batch = (int)rhs.shape[0];
        long n = rhs.shape[1];
        var rhsNorm = HostRowNorms(rhs);
        var target = new double[batch];
        for (int b = 0; b < batch; b++) target[b] = Math.Max(relativeTolerance[b] * rhsNorm[b], absoluteTolerance[b]);

        var y = zeros_like(rhs);
        products = 0;
        bool first = true;
        while (products < maxProducts)
        {
            using var cycle = NewDisposeScope();
            Tensor r0;
            if (first) r0 = rhs;
            else
            {
                r0 = rhs - apply(y);
                products++;
            }
            first = false;
            var beta = HostRowNorms(r0);
            var active = new bool[batch];
            bool any = false;
            for (int b = 0; b < batch; b++) any |= active[b] = beta[b] > target[b];
            if (!any || products >= maxProducts) break;

            int m = Math.Min(restart, maxProducts - products);
            var basis = zeros(new long[] { batch, m + 1, n }, dtype: rhs.dtype, device: rhs.device);
            var betaSafe = tensor(beta.Select(v => v > 0 ? v : 1.0).ToArray(), dtype: rhs.dtype, device: rhs.device);
            basis.select(1, 0).copy_(r0 / betaSafe.unsqueeze(1));

            var rFactor = new double[batch][];   // upper-triangular R, column-major (m columns of length m)
            var cs = new double[batch][];
            var sn = new double[batch][];
            var g = new double[batch][];
            var columns = new int[batch];
            for (int b = 0; b < batch; b++)
            {
                rFactor[b] = new double[m * m];
                cs[b] = new double[m];
                sn[b] = new double[m];
                g[b] = new double[m + 1];
                g[b][0] = beta[b];
            }

            int used = 0;
            for (int j = 0; j < m; j++)
            {
                using var iteration = NewDisposeScope();
                var w = apply(basis.select(1, j).contiguous());
                products++;
                used = j + 1;
                var vs = basis.narrow(1, 0, j + 1);
                var h = bmm(vs, w.unsqueeze(2)).squeeze(2);
                w = w - bmm(h.unsqueeze(1), vs).squeeze(1);
                var h2 = bmm(vs, w.unsqueeze(2)).squeeze(2);
                w = w - bmm(h2.unsqueeze(1), vs).squeeze(1);
                h = h + h2;
                var hNext = w.norm(1, keepdim: true);
                basis.select(1, j + 1).copy_(w / where(hNext > 0, hNext, ones_like(hNext)));
                var hostColumns = cat(new[] { h, hNext }, 1).to_type(ScalarType.Float64).cpu().data<double>().ToArray();

                bool stillActive = false;
                for (int b = 0; b < batch; b++)
                {
                    if (!active[b]) continue;
                    var col = new ReadOnlySpan<double>(hostColumns, b * (j + 2), j + 2).ToArray();
                    for (int i = 0; i < j; i++)
                    {
                        double t = cs[b][i] * col[i] + sn[b][i] * col[i + 1];
                        col[i + 1] = -sn[b][i] * col[i] + cs[b][i] * col[i + 1];
                        col[i] = t;
                    }
                    double denom = Math.Sqrt(col[j] * col[j] + col[j + 1] * col[j + 1]);
                    (cs[b][j], sn[b][j]) = denom > 0 ? (col[j] / denom, col[j + 1] / denom) : (1.0, 0.0);
                    col[j] = denom;
                    g[b][j + 1] = -sn[b][j] * g[b][j];
                    g[b][j] = cs[b][j] * g[b][j];
                    for (int i = 0; i <= j; i++) rFactor[b][j * m + i] = col[i];
                    columns[b] = j + 1;
                    if (Math.Abs(g[b][j + 1]) <= target[b] || !double.IsFinite(g[b][j + 1])) active[b] = false;
                    stillActive |= active[b];
                }
                if (!stillActive) break;
            }

            var coefficients = new double[batch * used];
            for (int b = 0; b < batch; b++)
            {
                int k = columns[b];
                for (int i = k - 1; i >= 0; i--)
                {
                    double s = g[b][i];
                    for (int l = i + 1; l < k; l++) s -= rFactor[b][l * m + i] * coefficients[b * used + l];
                    double diagonal = rFactor[b][i * m + i];
                    coefficients[b * used + i] = diagonal != 0 ? s / diagonal : 0.0;
                }
            }
            var yCoefficients = tensor(coefficients, new long[] { batch, 1, used }, dtype: rhs.dtype, device: rhs.device);
            var updated = y + bmm(yCoefficients, basis.narrow(1, 0, used)).squeeze(1);
            y = updated.MoveToOuterDisposeScope();
        }
        return y.MoveToOuterDisposeScope();
    }

    private static double[] HostRowNorms(Tensor rows) =>
        rows.norm(1).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
}
