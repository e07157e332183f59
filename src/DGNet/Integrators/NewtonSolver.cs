using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// Batched Newton's method for F(x) = 0, where x is [batch, *shape] and F maps each trajectory's row to a residual
/// of the same shape independently of the other rows. Each trajectory converges on its own: a converged row stops
/// changing while the batch is still evaluated together. The linear systems use an exact dense Jacobian (autograd
/// by default, finite differences or an analytic function on request) or Jacobian-free GMRES
/// (<see cref="NewtonOptions.Linear"/>). A backtracking line search guards against poor first guesses; every
/// failure (iteration limit, non-finite residual, singular Jacobian) ends in a <see cref="NewtonFailedException"/>
/// naming the trajectory, never in a hang or a NaN state. The result is detached: Newton is used for prediction,
/// not differentiated through.
/// </summary>
public static class NewtonSolver
{
    private const double ArmijoSlope = 1e-4;

    /// <summary>Solves residual(x) = 0 starting from <paramref name="x0"/>.</summary>
    /// <param name="residual">F: [batch, *shape] ↦ [batch, *shape], row-wise independent.</param>
    /// <param name="x0">First guess [batch, *shape]; its dtype and device are used throughout.</param>
    /// <param name="options">Tolerance, limits, linear solver; <see cref="NewtonOptions.Default"/> when null.</param>
    /// <param name="stats">Receives the cost (iterations, residual evaluations, Jacobians, Krylov products).</param>
    /// <param name="jacobian">Optional analytic Jacobian x ↦ ∂F/∂x with batch·n·n elements, read as [batch, n, n]
    /// (n = elements per row); row i holds the derivatives of residual component i.</param>
    public static Tensor Solve(Func<Tensor, Tensor> residual, Tensor x0, NewtonOptions? options = null,
        SolverStats? stats = null, Func<Tensor, Tensor>? jacobian = null)
    {
        ArgumentNullException.ThrowIfNull(residual);
        ArgumentNullException.ThrowIfNull(x0);
        options ??= NewtonOptions.Default;
        options.Validate();
        if (x0.dim() < 1 || x0.shape[0] < 1) throw new ArgumentException("Newton needs a state of shape [batch, *shape] with batch >= 1");
        var run = new Run(residual, x0, options, stats ?? new SolverStats(), jacobian);
        return run.Execute();
    }

    /// <summary>The state of one solve: current iterate, its residual and the per-row bookkeeping.</summary>
    private sealed class Run(Func<Tensor, Tensor> residual, Tensor x0, NewtonOptions options, SolverStats stats,
        Func<Tensor, Tensor>? jacobian)
    {
        private readonly int batch = (int)x0.shape[0];
        private readonly long n = x0.numel() / x0.shape[0];
        private readonly double tolerance = options.ToleranceFor(x0.dtype);
        private readonly double sqrtEpsilon = Math.Sqrt(NewtonOptions.MachineEpsilon(x0.dtype));
        private bool NeedsGraph => jacobian is null && options.Jacobian == JacobianSource.Autograd;

        public Tensor Execute()
        {
            using var scope = NewDisposeScope();
            var point = Evaluate(x0.detach());
            Tensor? lastJacobian = null;
            int iterations = 0;
            while (true)
            {
                var summary = point.Summary;
                var failed = new List<int>();
                var converged = new bool[batch];
                bool allConverged = true;
                for (int b = 0; b < batch; b++)
                {
                    if (!double.IsFinite(summary.ResidualMax[b])) failed.Add(b);
                    converged[b] = summary.ResidualMax[b] <= tolerance * Math.Max(1.0, summary.StateMax[b]);
                    allConverged &= converged[b];
                }
                if (failed.Count > 0) throw Failure(failed, summary, iterations, "residual became non-finite");
                if (allConverged) break;
                if (iterations == options.MaxIterations)
                    throw Failure(Enumerable.Range(0, batch).Where(b => !converged[b]).ToList(), summary, iterations, "did not converge");

                iterations++;
                stats.NewtonIterations++;
                using var step = NewDisposeScope();
                var activeMask = RowMask(converged.Select(c => !c).ToArray(), point.X);
                Tensor direction;
                if (options.Linear == NewtonLinearSolver.Dense)
                {
                    var matrix = DenseJacobian(point);
                    direction = SolveDense(matrix, point.R);
                    lastJacobian?.Dispose();
                    lastJacobian = matrix.MoveToOuterDisposeScope();
                }
                else direction = SolveKrylov(point, summary);
                direction = where(activeMask, direction, zeros_like(direction));
                var next = LineSearch(point, direction, converged, iterations);
                point.Dispose();
                point = next.MoveToOuter();
            }

            var solution = point.X.detach();
            if (iterations > 0 && options.FinalCorrection && lastJacobian is not null)
            {
                var correction = SolveDense(lastJacobian, point.R.detach());
                var corrected = solution + correction;
                var finiteRows = corrected.reshape(batch, n).isfinite().all(1).reshape(RowShape(solution));
                solution = where(finiteRows, corrected, solution);
            }
            return solution.MoveToOuterDisposeScope();
        }

        /// <summary>Backtracks per row until the residual 2-norm decreases enough (Armijo), or the limit is reached.</summary>
        private Point LineSearch(Point current, Tensor direction, bool[] converged, int iterations)
        {
            var alpha = Enumerable.Repeat(1.0, batch).ToArray();
            var accepted = (bool[])converged.Clone();
            for (int backtrack = 0; ; backtrack++)
            {
                var scale = tensor(alpha, dtype: current.X.dtype, device: current.X.device)
                    .reshape(RowShape(current.X));
                Tensor trialX;
                using (no_grad()) trialX = current.X.detach() + scale * direction;
                var trial = Evaluate(trialX, direction);
                var s = trial.Summary;
                var singular = new List<int>();
                bool all = true;
                for (int b = 0; b < batch; b++)
                {
                    if (accepted[b]) continue;
                    if (!s.DirectionFinite[b]) { singular.Add(b); continue; }
                    bool finite = double.IsFinite(s.ResidualNorm[b]);
                    bool decreased = s.ResidualNorm[b] <= (1 - ArmijoSlope * alpha[b]) * current.Summary.ResidualNorm[b];
                    if (finite && (decreased || !options.LineSearch)) accepted[b] = true;
                    all &= accepted[b];
                }
                if (singular.Count > 0) throw Failure(singular, current.Summary, iterations, "met a singular Jacobian");
                if (all || !options.LineSearch || backtrack == options.MaxBacktracks) return trial;
                for (int b = 0; b < batch; b++) if (!accepted[b]) alpha[b] *= 0.5;
                trial.Dispose();
            }
        }

        private Point Evaluate(Tensor x, Tensor? direction = null)
        {
            stats.FunctionEvaluations++;
            Tensor leaf, r;
            if (NeedsGraph)
            {
                leaf = x.detach().requires_grad_(true);
                using (enable_grad()) r = residual(leaf);
            }
            else
            {
                leaf = x;
                using (no_grad()) r = residual(x);
            }
            if (!r.shape.SequenceEqual(x.shape))
                throw new ArgumentException(
                    $"the residual has shape [{string.Join(", ", r.shape)}] but the unknown has [{string.Join(", ", x.shape)}]");
            return new Point(leaf, r, Summarize(leaf, r, direction));
        }

        private RowSummary Summarize(Tensor x, Tensor r, Tensor? direction)
        {
            using var scope = NewDisposeScope();
            using var guard = no_grad();
            var rFlat = r.detach().reshape(batch, n);
            var columns = new List<Tensor>
            {
                rFlat.abs().amax(new long[] { 1 }),
                rFlat.norm(1),
                x.detach().reshape(batch, n).abs().amax(new long[] { 1 }),
            };
            if (direction is not null) columns.Add(direction.reshape(batch, n).isfinite().all(1).to_type(r.dtype));
            var host = stack(columns, 1).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
            int k = columns.Count;
            var summary = new RowSummary(new double[batch], new double[batch], new double[batch], new bool[batch]);
            for (int b = 0; b < batch; b++)
            {
                summary.ResidualMax[b] = host[b * k];
                summary.ResidualNorm[b] = host[b * k + 1];
                summary.StateMax[b] = host[b * k + 2];
                summary.DirectionFinite[b] = direction is null || host[b * k + 3] != 0;
            }
            return summary;
        }

        /// <summary>J [batch, n, n] at the current point.</summary>
        private Tensor DenseJacobian(Point p)
        {
            stats.JacobianEvaluations++;
            if (jacobian is not null)
            {
                Tensor given;
                using (no_grad()) given = jacobian(p.X.detach());
                if (given.numel() != batch * n * n)
                    throw new ArgumentException($"the Jacobian has {given.numel()} elements, expected batch·n·n = {batch * n * n}");
                return given.reshape(batch, n, n);
            }
            if (options.Jacobian == JacobianSource.Autograd)
            {
                using var grad = enable_grad();
                var rows = new Tensor[n];
                var identity = eye(n, dtype: p.R.dtype, device: p.R.device);
                for (long i = 0; i < n; i++)
                {
                    var cotangent = identity[i].expand(batch, n).reshape(p.R.shape);
                    rows[i] = torch.autograd.grad(new[] { p.R }, new[] { p.X }, new[] { cotangent }, retain_graph: i < n - 1)[0]
                        .reshape(batch, n);
                }
                return stack(rows, 1);
            }
            using var guard = no_grad();
            var x = p.X.reshape(batch, n);
            var r = p.R.reshape(batch, n);
            var h = sqrtEpsilon * x.abs().clamp_min(1.0);
            var cols = new Tensor[n];
            for (long j = 0; j < n; j++)
            {
                var shifted = x.clone();
                shifted.select(1, j).add_(h.select(1, j));
                stats.FunctionEvaluations++;
                var rj = residual(shifted.reshape(p.X.shape)).reshape(batch, n);
                cols[j] = (rj - r) / h.select(1, j).unsqueeze(1);
            }
            return stack(cols, 2);
        }

        private static Tensor SolveDense(Tensor matrix, Tensor r)
        {
            using var guard = no_grad();
            long b = r.shape[0];
            var (solution, _) = torch.linalg.solve_ex(matrix, -r.detach().reshape(b, -1, 1));
            return solution.reshape(r.shape);
        }

        /// <summary>Inexact Newton direction by GMRES with a forcing term that tightens as the residual falls but
        /// never asks for more than a tenth of the tolerance.</summary>
        private Tensor SolveKrylov(Point p, RowSummary summary)
        {
            var eta = new double[batch];
            for (int b = 0; b < batch; b++)
            {
                double floor = 0.1 * tolerance * Math.Max(1.0, summary.StateMax[b]) / Math.Max(summary.ResidualNorm[b], double.Epsilon);
                eta[b] = Math.Min(0.1, Math.Max(summary.ResidualMax[b], floor));
            }
            Func<Tensor, Tensor> apply = JacobianVectorProduct(p);
            using var guard = no_grad();
            var rhs = -p.R.detach().reshape(batch, n);
            var delta = BatchedGmres.Solve(apply, rhs, eta, options.KrylovDimension, options.MaxKrylovIterations, out int products);
            stats.LinearIterations += products;
            return delta.reshape(p.X.shape);
        }

        private Func<Tensor, Tensor> JacobianVectorProduct(Point p)
        {
            var shape = p.X.shape;
            if (jacobian is not null)
            {
                var matrix = DenseJacobian(p);
                return v => bmm(matrix, v.unsqueeze(2)).squeeze(2);
            }
            if (options.Jacobian == JacobianSource.Autograd)
            {
                // g(w) = Jᵀw is linear in w, so differentiating w ↦ g(w)·v gives J v.
                var w = zeros_like(p.R).requires_grad_(true);
                Tensor transposeProduct;
                using (enable_grad())
                    transposeProduct = torch.autograd.grad(new[] { p.R }, new[] { p.X }, new[] { w }, create_graph: true)[0];
                return v =>
                {
                    using var grad = enable_grad();
                    return torch.autograd.grad(new[] { transposeProduct }, new[] { w }, new[] { v.reshape(shape) },
                        retain_graph: true)[0].reshape(batch, n);
                };
            }
            var x = p.X.detach().reshape(batch, n);
            var r = p.R.detach().reshape(batch, n);
            var xScale = x.abs().amax(new long[] { 1 }, keepdim: true).clamp_min(1.0);
            return v =>
            {
                var h = sqrtEpsilon * xScale / v.abs().amax(new long[] { 1 }, keepdim: true).clamp_min(1e-300);
                stats.FunctionEvaluations++;
                var shifted = residual((x + h * v).reshape(shape)).reshape(batch, n);
                return (shifted - r) / h;
            };
        }

        private NewtonFailedException Failure(List<int> rows, RowSummary summary, int iterations, string reason) =>
            new(rows, rows.Select(b => summary.ResidualMax[b]).ToList(), iterations, reason);

        private Tensor RowMask(bool[] rows, Tensor like) =>
            tensor(rows, device: like.device).reshape(RowShape(like));

        private static long[] RowShape(Tensor like)
        {
            var shape = new long[like.dim()];
            Array.Fill(shape, 1L);
            shape[0] = like.shape[0];
            return shape;
        }
    }

    /// <summary>Host copies of per-row quantities, fetched in one transfer per evaluation.</summary>
    private sealed record RowSummary(double[] ResidualMax, double[] ResidualNorm, double[] StateMax, bool[] DirectionFinite);

    /// <summary>An iterate, its residual (with autograd graph when needed) and their host summary.</summary>
    private sealed class Point(Tensor x, Tensor r, RowSummary summary) : IDisposable
    {
        public Tensor X { get; } = x;
        public Tensor R { get; } = r;
        public RowSummary Summary { get; } = summary;

        public Point MoveToOuter()
        {
            X.MoveToOuterDisposeScope();
            R.MoveToOuterDisposeScope();
            return this;
        }

        public void Dispose()
        {
            X.Dispose();
            R.Dispose();
        }
    }
}
