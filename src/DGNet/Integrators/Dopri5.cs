using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// Adaptive Dormand-Prince 5(4): fifth-order steps with an embedded fourth-order error estimate, first-same-as-last
/// (six evaluations per step), error measured in one mixed rtol/atol RMS norm over the whole batch (as torchdiffeq),
/// PI step-size control and an automatic initial step. Requested output times are reached by stepping to them
/// exactly (a step that would pass an output time is shortened to land on it, and the next step resumes from the
/// size proposed before the shortening), so outputs carry the full fifth-order accuracy and no interpolation error.
/// Differentiable: states are built from ordinary tensor operations, so gradients flow from the outputs back to u0
/// and to parameters inside f; step-size decisions use detached host values. Not structure-preserving.
/// </summary>
public sealed class Dopri5 : ISolver
{
    private static readonly double[] C = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1];

    private static readonly double[][] A =
    [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
    ];

    /// <summary>Fifth-order weights (also the last row of A: the seventh stage is f at the new state).</summary>
    private static readonly double[] B = [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84];

    /// <summary>Fifth- minus fourth-order weights, for the seven stages.</summary>
    private static readonly double[] E =
        [71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40];

    /// <summary>Creates the solver with the given error control (defaults: rtol 1e-7, atol 1e-9).</summary>
    public Dopri5(Dopri5Options? options = null)
    {
        Options = options ?? new Dopri5Options();
        Options.Validate();
    }

    /// <summary>Registry name.</summary>
    public string Name => "dopri5";

    /// <summary>Order of the propagated solution.</summary>
    public int Order => 5;

    /// <summary>The error control in use.</summary>
    public Dopri5Options Options { get; }

    /// <summary>The state at <paramref name="t1"/> of du/dt = f(u), u(t0) = u0 (t1 &lt; t0 integrates backwards).</summary>
    public Tensor Integrate(VectorField f, Tensor u0, double t0, double t1, SolverStats? stats = null)
    {
        ArgumentNullException.ThrowIfNull(u0);
        if (t0 == t1 && double.IsFinite(t0)) return u0.clone();
        using var scope = NewDisposeScope();
        var solution = Solve(f, u0, [t0, t1], stats);
        return solution.select(1, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The states at <paramref name="times"/> (strictly increasing or strictly decreasing; times[0] is the time of u0),
    /// as [batch, times.Length, *state].
    /// </summary>
    public Tensor Solve(VectorField f, Tensor u0, double[] times, SolverStats? stats = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(u0);
        ValidateTimes(times);
        if (u0.dim() < 1) throw new ArgumentException("Dormand-Prince needs a state of shape [batch, *state]");
        using var scope = NewDisposeScope();
        var outputs = new List<Tensor> { u0 };
        if (times.Length > 1)
        {
            var run = new Run(this, f, u0, times[0], Math.Sign(times[^1] - times[0]), stats ?? new SolverStats(),
                Options.InitialStep, Math.Abs(times[^1] - times[0]));
            for (int i = 1; i < times.Length; i++)
            {
                run.AdvanceTo(times[i]);
                outputs.Add(run.State);
                run.KeepState();
            }
            run.Dispose();
        }
        return stack(outputs, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Adaptive integration over each interval [0, dt]; the map carries the step size proposed at the end of one
    /// call into the next, so a rollout pays for the automatic initial step only once.
    /// </summary>
    public OneStepMap CreateStepMap(Dynamics dynamics, double dt)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        if (!double.IsFinite(dt) || dt == 0) throw new ArgumentException($"the step dt must be finite and non-zero, got {dt}");
        var f = dynamics.Field;
        double? proposal = Options.InitialStep;
        return (u, stats) =>
        {
            using var scope = NewDisposeScope();
            var run = new Run(this, f, u, 0, Math.Sign(dt), stats, proposal, Math.Abs(dt));
            run.AdvanceTo(dt);
            proposal = run.ProposedStep;
            var next = run.State;
            run.KeepState();
            run.Dispose();
            return next.MoveToOuterDisposeScope();
        };
    }

    /// <summary>
    /// One adaptive integration in progress: the state, its derivative (first stage of the next step), the time
    /// and the proposed step size.
    /// </summary>
    internal sealed class Run : IDisposable
    {
        private readonly Dopri5 solver;
        private readonly VectorField f;
        private readonly SolverStats stats;
        private readonly int direction;
        private readonly Func<Tensor, Tensor>? errorComponents;
        private Tensor state;
        private Tensor derivative;
        private bool stateKept = true;
        private double time;
        private double step;
        private double previousError = 1e-4;
        private bool justRejected;
        private long attempts;
        private Tensor? lastRowErrors;

        /// <summary>
        /// Starts at (t0, u0). <paramref name="errorComponents"/>, when given, selects from a state-shaped tensor
        /// [batch, ...] the components whose error controls the step size (the adjoint's backward solve leaves out its
        /// parameter-gradient integrals: a seminorm); by default every component counts.
        /// </summary>
        public Run(Dopri5 solver, VectorField f, Tensor u0, double t0, int direction, SolverStats stats,
            double? initialStep, double span, Func<Tensor, Tensor>? errorComponents = null)
        {
            this.solver = solver;
            this.errorComponents = errorComponents;
            this.f = f;
            this.stats = stats;
            this.direction = direction;
            time = t0;
            state = u0;
            derivative = Evaluate(u0);
            step = initialStep ?? InitialStep(span);
        }

        /// <summary>Current state (owned by the run until <see cref="KeepState"/> hands it to the caller).</summary>
        public Tensor State => state;

        /// <summary>The proposed size of the next step (positive).</summary>
        public double ProposedStep => step;

        /// <summary>Marks the current state as owned by the caller, so the run does not dispose it.</summary>
        public void KeepState() => stateKept = true;

        /// <summary>When set, the signed size of every accepted step is appended, so the steps can be replayed
        /// (the discrete adjoint differentiates exactly these steps).</summary>
        public List<double>? AcceptedSteps { get; init; }

        public void Dispose()
        {
            derivative.Dispose();
            lastRowErrors?.Dispose();
            if (!stateKept) state.Dispose();
        }

        /// <summary>Steps until the time is exactly <paramref name="target"/>.</summary>
        public void AdvanceTo(double target)
        {
            var o = solver.Options;
            while (direction * (target - time) > 0)
            {
                if (attempts >= o.MaxSteps)
                    throw Failure($"exceeded the limit of {o.MaxSteps} steps");
                double remaining = Math.Abs(target - time);
                bool landing = remaining <= step * (1 + 1e-10);
                double h = landing ? remaining : step;
                double resolution = 4 * (Math.BitIncrement(Math.Abs(time)) - Math.Abs(time));
                if (!landing && (h < (o.MinStep ?? 0) || h <= resolution))
                    throw Failure("step size underflow");
                attempts++;
                Attempt(direction * h, landing, target);
            }
        }

        private void Attempt(double h, bool landing, double target)
        {
            var o = solver.Options;
            using var scope = NewDisposeScope();
            var k = new Tensor[7];
            var next = Stages(Evaluate, state, derivative, h, k);
            k[6] = Evaluate(next);

            double ratio;
            using (no_grad())
            {
                var error = k[0].detach() * (h * E[0]);
                for (int j = 2; j < 7; j++) error = error.add(k[j].detach(), alpha: h * E[j]);
                var scale = maximum(state.detach().abs(), next.detach().abs()) * o.RelativeTolerance + o.AbsoluteTolerance;
                var scaled = Controlled((error / scale).square());
                var rows = scaled.reshape(scaled.shape[0], -1).mean(new long[] { 1 });
                lastRowErrors?.Dispose();
                lastRowErrors = rows.sqrt().MoveToOuterDisposeScope();
                ratio = Math.Sqrt(rows.mean().to_type(ScalarType.Float64).item<double>());
            }

            if (double.IsFinite(ratio) && ratio <= 1)
            {
                stats.Steps++;
                AcceptedSteps?.Add(h);
                time = landing ? target : time + h;
                if (!stateKept) state.Dispose();
                derivative.Dispose();
                state = next.MoveToOuterDisposeScope();
                derivative = k[6].MoveToOuterDisposeScope();
                stateKept = false;
                double alpha = o.PiController ? 0.17 : 0.2, beta = o.PiController ? 0.04 : 0.0;
                double factor = ratio == 0 ? o.MaxFactor
                    : o.Safety * Math.Pow(ratio, -alpha) * Math.Pow(previousError, beta);
                factor = Math.Clamp(factor, o.MinFactor, justRejected ? 1.0 : o.MaxFactor);
                double proposal = Math.Abs(h) * factor;
                step = landing ? Math.Max(proposal, step) : proposal;
                previousError = Math.Max(ratio, 1e-4);
                justRejected = false;
            }
            else
            {
                stats.RejectedSteps++;
                double factor = double.IsFinite(ratio) ? Math.Max(o.MinFactor, o.Safety * Math.Pow(ratio, -0.2)) : o.MinFactor;
                step = Math.Abs(h) * factor;
                justRejected = true;
            }
        }

        private Tensor Evaluate(Tensor u)
        {
            stats.FunctionEvaluations++;
            var du = f(u);
            if (!du.shape.SequenceEqual(u.shape))
                throw new ArgumentException(
                    $"the vector field returned shape [{string.Join(", ", du.shape)}] for a state of shape [{string.Join(", ", u.shape)}]");
            return du;
        }

        /// <summary>Hairer, Nørsett and Wanner's starting step: balances the first-order term against the change
        /// of f over a trial Euler step.</summary>
        private double InitialStep(double span)
        {
            var o = solver.Options;
            using var scope = NewDisposeScope();
            using var guard = no_grad();
            var y0 = state.detach();
            var f0 = derivative.detach();
            var scale = Controlled(y0).abs() * o.RelativeTolerance + o.AbsoluteTolerance;
            double d0 = RmsNorm(Controlled(y0) / scale), d1 = RmsNorm(Controlled(f0) / scale);
            double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
            h0 = Math.Min(h0, span);
            var f1 = Evaluate(y0.add(f0, alpha: direction * h0));
            double d2 = RmsNorm(Controlled(f1 - f0) / scale) / h0;
            double dMax = Math.Max(d1, d2);
            double h1 = dMax <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / dMax, 1.0 / 5);
            double h = Math.Min(100 * h0, h1);
            return double.IsFinite(h) && h > 0 ? h : h0;
        }

        private Tensor Controlled(Tensor x) => errorComponents is null ? x : errorComponents(x);

        private static double RmsNorm(Tensor x) => x.square().mean().sqrt().to_type(ScalarType.Float64).item<double>();

        private AdaptiveStepFailedException Failure(string reason)
        {
            var trajectories = new List<int>();
            if (lastRowErrors is not null)
            {
                var rows = lastRowErrors.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
                var worstFirst = Enumerable.Range(0, rows.Length)
                    .OrderByDescending(b => double.IsNaN(rows[b]) ? double.PositiveInfinity : rows[b]).ToList();
                trajectories.AddRange(worstFirst.Where(b => !(rows[b] <= 1)));
                if (trajectories.Count == 0) trajectories.Add(worstFirst[0]);
            }
            else trajectories.Add(0);
            return new AdaptiveStepFailedException(trajectories, "Dormand-Prince", reason, time, step);
        }
    }

    /// <summary>
    /// The stages k[0..5] (k[0] = <paramref name="derivative"/>, the others from <paramref name="evaluate"/>) and the
    /// fifth-order state of one step of signed size <paramref name="h"/> from <paramref name="state"/>, without error
    /// control: the step an accepted attempt takes, also replayed by the discrete adjoint.
    /// </summary>
    internal static Tensor Stages(Func<Tensor, Tensor> evaluate, Tensor state, Tensor derivative, double h, Tensor[] k)
    {
        k[0] = derivative;
        for (int s = 1; s < 6; s++)
        {
            var stage = state;
            for (int j = 0; j < s; j++)
                if (A[s][j] != 0) stage = stage.add(k[j], alpha: h * A[s][j]);
            k[s] = evaluate(stage);
        }
        var next = state;
        for (int j = 0; j < 6; j++)
            if (B[j] != 0) next = next.add(k[j], alpha: h * B[j]);
        return next;
    }

    private static void ValidateTimes(double[] times)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (times.Length == 0) throw new ArgumentException("Dormand-Prince needs at least one output time");
        if (times.Any(t => !double.IsFinite(t))) throw new ArgumentException("output times must be finite");
        if (times.Length < 2) return;
        int sign = Math.Sign(times[1] - times[0]);
        for (int i = 1; i < times.Length; i++)
            if (sign == 0 || Math.Sign(times[i] - times[i - 1]) != sign)
                throw new ArgumentException("output times must be strictly increasing or strictly decreasing");
    }
}
