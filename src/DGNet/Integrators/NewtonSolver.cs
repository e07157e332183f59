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

    /// <summary>A reused Jacobian is refreshed when an iteration shrinks some residual by less than this factor.</summary>
    private const double SlowContraction = 0.01;

    /// <summary>How much the Krylov final correction reduces the converged residual.</summary>
    private const double FinalKrylovReduction = 1e-3;

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
        return Solve(residual, x0, options, stats ?? new SolverStats(), jacobian, null);
    }

    /// <summary>As the public overload, starting from (and updating) the Jacobian kept in <paramref name="memory"/>
    /// in dense mode.</summary>
    internal static Tensor Solve(Func<Tensor, Tensor> residual, Tensor x0, NewtonOptions options, SolverStats stats,
        Func<Tensor, Tensor>? jacobian, JacobianMemory? memory)
    {
        options.Validate();
        if (x0.dim() < 1 || x0.shape[0] < 1) throw new ArgumentException("Newton needs a state of shape [batch, *shape] with batch >= 1");
        return new Run(residual, x0, options, stats, jacobian, memory).Execute();
    }

    /// <summary>The state of one solve: current iterate, its residual and the per-row bookkeeping.</summary>
    private sealed class Run(Func<Tensor, Tensor> residual, Tensor x0, NewtonOptions options, SolverStats stats,
        Func<Tensor, Tensor>? jacobian, JacobianMemory? memory)
    {
        private readonly int batch = (int)x0.shape[0];
        private readonly long n = x0.numel() / x0.shape[0];
        private readonly double tolerance = options.ToleranceFor(x0.dtype);
        private readonly double stallTolerance = options.StallToleranceFor(x0.dtype);
        private readonly double sqrtEpsilon = Math.Sqrt(NewtonOptions.MachineEpsilon(x0.dtype));
        private readonly long[] rowNormAxis = [2];
        private Tensor[]? cotangents;
        private bool NeedsGraph => jacobian is null && options.Jacobian == JacobianSource.Autograd;

        /// <summary>Whether trial points need an autograd graph: always for exact Krylov products, and in dense mode
        /// only when the Jacobian is refreshed every iteration (otherwise a point is re-evaluated with a graph in the
        /// rare iteration that refreshes it).</summary>
        private bool TrialsNeedGraph => NeedsGraph && (options.Linear == NewtonLinearSolver.Gmres || !options.ReuseJacobian);

        public Tensor Execute()
        {
            using var scope = NewDisposeScope();
            var point = Evaluate(x0.detach(), NeedsGraph);
            var frozen = new bool[batch];
            bool dense = options.Linear == NewtonLinearSolver.Dense;
            // A remembered Jacobian belongs to the memory, never to this run's dispose scope.
            Tensor? lastJacobian = dense && options.ReuseJacobian ? memory?.Recall(batch, n, x0) : null;
            bool ownsJacobian = false;
            bool refresh = lastJacobian is null;
            bool validated = false;   // the kept Jacobian has already produced full-step progress in this solve
            int iterations = 0;
            bool[]? metAtStart = null;   // rows whose first guess already met the tolerance
            while (true)
            {
                var summary = point.Summary;
                var failed = new List<int>();
                var converged = new bool[batch];
                bool allConverged = true;
                for (int b = 0; b < batch; b++)
                {
                    if (!double.IsFinite(summary.ResidualMax[b])) failed.Add(b);
                    converged[b] = frozen[b] || summary.ResidualMax[b] <= tolerance * Scale(summary, b);
                    allConverged &= converged[b];
                }
                if (failed.Count > 0) throw Failure(failed, summary, iterations, "residual became non-finite");
                if (allConverged && iterations == 0 && options.FinalCorrection)
                {
                    // A guess within the tolerance still gets one iteration, which takes its residual towards
                    // rounding like any iterate's; a row that this step cannot improve keeps the step if it stays
                    // within the tolerance (see LineSearch).
                    metAtStart = converged;
                    converged = new bool[batch];
                    allConverged = false;
                }
                if (allConverged) break;
                if (iterations == options.MaxIterations)
                    throw Failure(Enumerable.Range(0, batch).Where(b => !converged[b]).ToList(), summary, iterations, "did not converge");

                iterations++;
                stats.NewtonIterations++;
                using var step = NewDisposeScope();
                Tensor direction;
                bool fresh = true;
                if (dense)
                {
                    fresh = refresh || lastJacobian is null || !options.ReuseJacobian;
                    if (fresh) validated = false;
                    if (fresh)
                    {
                        if (NeedsGraph && !point.HasGraph)
                        {
                            var withGraph = Evaluate(point.X, true).MoveToOuter();
                            point.Dispose();
                            point = withGraph;
                        }
                        var matrix = DenseJacobian(point);
                        if (ownsJacobian) lastJacobian?.Dispose();
                        lastJacobian = matrix.MoveToOuterDisposeScope();
                        ownsJacobian = true;
                    }
                    direction = SolveDense(lastJacobian!, point.R);
                }
                else direction = SolveKrylov(point, summary, converged);
                if (converged.Any(c => c))
                    direction = where(RowMask(converged, point.X), zeros_like(direction), direction);
                var next = LineSearch(point, direction, converged, frozen, fresh || validated, metAtStart, iterations,
                    out bool fullSteps);
                if (next is null)
                {
                    refresh = true;   // a reused Jacobian gave no progress: recompute it rather than backtrack
                    continue;
                }
                validated |= fullSteps;
                // Refresh a reused Jacobian that converges slowly, unless the residual is already down in the
                // rounding noise, where no Jacobian can make it contract.
                refresh = false;
                for (int b = 0; b < batch; b++)
                    refresh |= !converged[b] && next.Summary.ResidualMax[b] > SlowContraction * summary.ResidualMax[b]
                        && next.Summary.ResidualMax[b] > stallTolerance * Scale(next.Summary, b);
                point.Dispose();
                point = next.MoveToOuter();
            }

            var solution = point.X.detach();
            if (iterations > 0 && options.FinalCorrection)
            {
                Tensor correction;
                if (dense) correction = SolveDense(lastJacobian!, point.R.detach());
                else
                {
                    var relative = Enumerable.Repeat(FinalKrylovReduction, batch).ToArray();
                    correction = SolveKrylov(point, relative, new double[batch]);
                }
                var corrected = solution + correction;
                solution = where(corrected.isfinite(), corrected, solution);
            }
            if (memory is not null && lastJacobian is not null) memory.Keep(lastJacobian);
            return solution.MoveToOuterDisposeScope();
        }

        private static double Scale(RowSummary summary, int b) => Math.Max(1.0, summary.StateMax[b]);

        /// <summary>
        /// Backtracks per row until the residual max-norm decreases enough (Armijo: along a Newton direction every
        /// norm of the residual falls like 1 - α), or the limit is reached. A row that a full step from a trusted
        /// Jacobian (fresh, or one that already gave full-step progress) cannot improve although its residual is
        /// below the stall tolerance has reached the rounding noise of F and is frozen as converged, as is a row whose
        /// first guess met the tolerance and whose full step stays within it. Returns null when an untrusted reused
        /// Jacobian gave no progress at the full step, so that the caller recomputes it
        /// instead of backtracking along a poor direction. <paramref name="fullSteps"/> tells whether every active
        /// row progressed at the full step.
        /// </summary>
        private Point? LineSearch(Point current, Tensor direction, bool[] converged, bool[] frozen, bool trusted, bool[]? metAtStart,
            int iterations, out bool fullSteps)
        {
            fullSteps = false;
            var alpha = Enumerable.Repeat(1.0, batch).ToArray();
            var accepted = (bool[])converged.Clone();
            for (int backtrack = 0; ; backtrack++)
            {
                Tensor trialX;
                using (no_grad())
                {
                    trialX = backtrack == 0
                        ? current.X.detach() + direction
                        : current.X.detach() + tensor(alpha, dtype: current.X.dtype, device: current.X.device)
                            .reshape(RowShape(current.X)) * direction;
                }
                var trial = Evaluate(trialX, TrialsNeedGraph);
                var s = trial.Summary;
                var singular = new List<int>();
                bool all = true;
                for (int b = 0; b < batch; b++)
                {
                    if (accepted[b]) continue;
                    // The direction is finite and the current iterate too, so a non-finite trial state means J was singular.
                    if (!double.IsFinite(s.StateMax[b])) { singular.Add(b); continue; }
                    bool finite = double.IsFinite(s.ResidualMax[b]);
                    bool decreased = s.ResidualMax[b] <= (1 - ArmijoSlope * alpha[b]) * current.Summary.ResidualMax[b];
                    if (finite && (decreased || !options.LineSearch)) accepted[b] = true;
                    else if (backtrack == 0 && trusted && finite
                        && current.Summary.ResidualMax[b] <= stallTolerance * Scale(current.Summary, b))
                        accepted[b] = frozen[b] = true;
                    else if (backtrack == 0 && metAtStart is not null && metAtStart[b] && s.ResidualMax[b] <= tolerance * Scale(s, b))
                        accepted[b] = frozen[b] = true;   // already in the rounding noise: no Jacobian would do better
                    all &= accepted[b];
                }
                if (singular.Count > 0) throw Failure(singular, current.Summary, iterations, "met a singular Jacobian");
                if (backtrack == 0) fullSteps = all;
                if (!all && backtrack == 0 && !trusted && options.LineSearch)
                {
                    trial.Dispose();
                    return null;
                }
                if (all || !options.LineSearch || backtrack == options.MaxBacktracks) return trial;
                for (int b = 0; b < batch; b++) if (!accepted[b]) alpha[b] *= 0.5;
                trial.Dispose();
            }
        }

        private Point Evaluate(Tensor x, bool withGraph)
        {
            stats.FunctionEvaluations++;
            Tensor leaf, r;
            if (withGraph)
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
            return new Point(leaf, r, Summarize(leaf, r), withGraph);
        }

        /// <summary>Per row: residual and state max-norms, in one host transfer.</summary>
        private RowSummary Summarize(Tensor x, Tensor r)
        {
            using var scope = NewDisposeScope();
            using var guard = no_grad();
            var norms = stack(new[] { r.reshape(batch, n), x.reshape(batch, n) }, 1).abs().amax(rowNormAxis);
            if (norms.dtype != ScalarType.Float64) norms = norms.to_type(ScalarType.Float64);
            var host = norms.cpu().data<double>().ToArray();
            var summary = new RowSummary(new double[batch], new double[batch]);
            for (int b = 0; b < batch; b++)
            {
                summary.ResidualMax[b] = host[2 * b];
                summary.StateMax[b] = host[2 * b + 1];
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
                cotangents ??= UnitCotangents(p.R);
                var rows = new Tensor[n];
                for (long i = 0; i < n; i++)
                    rows[i] = torch.autograd.grad(new[] { p.R }, new[] { p.X }, new[] { cotangents[i] }, retain_graph: i < n - 1)[0];
                return stack(rows, 1).reshape(batch, n, n);
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

        /// <summary>Inexact Newton direction by GMRES. The forcing term min(0.1, |F|∞) tightens as the residual
        /// falls (superlinear convergence), but the linear residual is never pushed below a tenth of the Newton
        /// tolerance, which would be wasted work; converged rows are not solved for.</summary>
        private Tensor SolveKrylov(Point p, RowSummary summary, bool[] converged)
        {
            var relative = new double[batch];
            var absolute = new double[batch];
            for (int b = 0; b < batch; b++)
            {
                relative[b] = Math.Min(0.1, summary.ResidualMax[b]);
                absolute[b] = converged[b] ? double.PositiveInfinity : 0.1 * tolerance * Math.Max(1.0, summary.StateMax[b]);
            }
            return SolveKrylov(p, relative, absolute);
        }

        private Tensor SolveKrylov(Point p, double[] relative, double[] absolute)
        {
            Func<Tensor, Tensor> apply = JacobianVectorProduct(p);
            using var guard = no_grad();
            var rhs = -p.R.detach().reshape(batch, n);
            var delta = BatchedGmres.Solve(apply, rhs, relative, absolute, options.KrylovDimension, options.MaxKrylovIterations, out int products);
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

        /// <summary>The n cotangents e_i (for every row of the batch) that pull rows of J out of the graph.</summary>
        private Tensor[] UnitCotangents(Tensor like)
        {
            var identity = eye(n, dtype: like.dtype, device: like.device);
            var result = new Tensor[n];
            for (long i = 0; i < n; i++)
                result[i] = identity[i].expand(batch, n).reshape(like.shape).MoveToOuterDisposeScope();
            return result;
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
    private sealed record RowSummary(double[] ResidualMax, double[] StateMax);

    /// <summary>An iterate, its residual (with autograd graph when needed) and their host summary.</summary>
    private sealed class Point(Tensor x, Tensor r, RowSummary summary, bool hasGraph) : IDisposable
    {
        public bool HasGraph { get; } = hasGraph;

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
