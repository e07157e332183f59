using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// Integrates du/dt = f(u) with an explicit solver without keeping the autograd graph of its steps, and computes the
/// gradients of whatever loss uses the result by an adjoint method when the loss is back-propagated (a custom
/// autograd function). Memory therefore does not grow with the number of solver steps; a model's loss still trains
/// with one ordinary <c>backward()</c>, which fills <c>grad</c> of the initial state (if it requires grad) and of
/// every parameter passed in. See <see cref="AdjointMethod"/> for the two backward passes and their accuracy.
/// </summary>
/// <remarks>
/// The parameters passed must be every tensor requiring grad that <c>f</c> reads (typically a module's
/// <c>parameters()</c>): gradients flow to those only. Higher derivatives through the adjoint are not supported.
/// A failure of the backward pass (say, step-size underflow of the backward solve) cannot cross the native autograd
/// engine as a .NET exception: <c>backward()</c> completes with NaN gradients for u0 and the parameters, and
/// <see cref="ThrowIfBackwardFailed"/>, called after it (before the optimizer step), rethrows the original
/// exception.
/// </remarks>
public sealed class AdjointIntegrator
{
    private readonly FixedStepSolver? fixedStep;
    private readonly Dopri5? forwardDopri5;
    private readonly Dopri5? backwardDopri5;
    private Exception? backwardFailure;

    /// <summary>Checks the options; <see cref="ArgumentException"/> for a solver without an adjoint here or a
    /// setting out of range.</summary>
    public AdjointIntegrator(AdjointOptions? options = null)
    {
        Options = options ?? new AdjointOptions();
        string solver = SolverRegistry.Canonical(Options.Solver);
        if (Options.StepsPerInterval < 1)
            throw new ArgumentException($"adjoint: steps per interval must be at least 1, got {Options.StepsPerInterval}");
        if (Options.Checkpoints < 1)
            throw new ArgumentException($"adjoint: the number of checkpoints must be at least 1, got {Options.Checkpoints}");
        switch (SolverRegistry.Create(solver, Options.Tolerances))
        {
            case Dopri5 dopri5:
                forwardDopri5 = dopri5;
                backwardDopri5 = new Dopri5(Options.BackwardTolerances ?? dopri5.Options);
                break;
            case FixedStepSolver explicitSolver when solver is "euler" or "midpoint" or "rk4":
                fixedStep = explicitSolver;
                break;
            default:
                throw new ArgumentException(
                    $"adjoint: solver '{Options.Solver}' is not supported (explicit solvers only: euler, midpoint = rk2, rk4, dopri5 = dp)");
        }
        Solver = solver;
        Method = Options.Method ?? (forwardDopri5 is not null ? AdjointMethod.Continuous : AdjointMethod.Discrete);
    }

    public AdjointOptions Options { get; }

    /// <summary>Canonical name of the solver.</summary>
    public string Solver { get; }

    /// <summary>The backward pass in use (<see cref="AdjointOptions.Method"/> resolved).</summary>
    public AdjointMethod Method { get; }

    /// <summary>Work of the forward solves, accumulated over calls.</summary>
    public SolverStats ForwardStats { get; } = new();

    /// <summary>Work of the backward passes, accumulated over calls: evaluations of f (each with one
    /// vector-Jacobian product, or without when only recomputing checkpointed states), steps and rejected steps.</summary>
    public SolverStats BackwardStats { get; } = new();

    /// <summary>
    /// The state at <paramref name="t1"/> of du/dt = f(u), u(t0) = u0 [batch, *state], differentiable with respect to
    /// <paramref name="u0"/> and <paramref name="parameters"/> through the adjoint (t1 &lt; t0 integrates backwards;
    /// t1 = t0 gives a copy of u0).
    /// </summary>
    public Tensor Integrate(VectorField f, IEnumerable<Tensor> parameters, Tensor u0, double t0, double t1)
    {
        using var scope = NewDisposeScope();
        double[] times = t0 == t1 ? [t0] : [t0, t1];
        return Solve(f, parameters, u0, times).select(1, times.Length - 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The states at <paramref name="times"/> (strictly monotone; times[0] is the time of u0) as
    /// [batch, times.Length, *state], like <see cref="Dopri5.Solve"/>, differentiable through the adjoint.
    /// </summary>
    public Tensor Solve(VectorField f, IEnumerable<Tensor> parameters, Tensor u0, double[] times)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(u0);
        ValidateTimes(times);
        if (u0.dim() < 1) throw new ArgumentException("adjoint: the state must have shape [batch, *state]");
        var all = parameters.ToList();
        foreach (var p in all.Where(p => p.dtype != u0.dtype || p.device_type != u0.device_type || p.device_index != u0.device_index))
            throw new ArgumentException(
                $"adjoint: a parameter of the vector field is {p.dtype} on {p.device}, the state {u0.dtype} on {u0.device}");
        var call = new AdjointCall(this, f, all.Where(p => p.requires_grad).ToList(), times);
        return AdjointFunction.Apply(u0, call);
    }

    /// <summary>
    /// Rethrows the exception of the last backward pass that failed (and forgets it); does nothing if none failed.
    /// Call it after <c>backward()</c>: a failed pass leaves NaN gradients.
    /// </summary>
    public void ThrowIfBackwardFailed()
    {
        var failure = Interlocked.Exchange(ref backwardFailure, null);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
    }

    internal void RecordBackwardFailure(Exception failure) => backwardFailure = failure;

    /// <summary>
    /// The forward solve, without graph: the states at the output times, the signed size of every step taken and,
    /// for each output time, the number of steps taken before it.
    /// </summary>
    internal (Tensor Solution, double[] Steps, int[] Boundaries) Forward(VectorField f, Tensor u0, double[] times)
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var outputs = new List<Tensor> { u0 };
        var steps = new List<double>();
        var boundaries = new List<int> { 0 };
        if (forwardDopri5 is not null && times.Length > 1)
        {
            var run = new Dopri5.Run(forwardDopri5, f, u0, times[0], Math.Sign(times[^1] - times[0]), ForwardStats,
                forwardDopri5.Options.InitialStep, Math.Abs(times[^1] - times[0])) { AcceptedSteps = steps };
            for (int i = 1; i < times.Length; i++)
            {
                run.AdvanceTo(times[i]);
                outputs.Add(run.State);
                run.KeepState();
                boundaries.Add(steps.Count);
            }
            run.Dispose();
        }
        else if (fixedStep is not null)
        {
            var state = u0;
            for (int i = 1; i < times.Length; i++)
            {
                double h = (times[i] - times[i - 1]) / Options.StepsPerInterval;
                for (int n = 0; n < Options.StepsPerInterval; n++)
                {
                    var next = fixedStep.Step(f, state, h, ForwardStats);
                    if (n > 0) state.Dispose();
                    state = next;
                    steps.Add(h);
                }
                outputs.Add(state);
                boundaries.Add(steps.Count);
            }
        }
        return (stack(outputs, 1).MoveToOuterDisposeScope(), steps.ToArray(), boundaries.ToArray());
    }

    /// <summary>One step of signed size <paramref name="h"/> exactly as the forward solve took it (for dopri5, the
    /// fifth-order update of an accepted step, its stages recomputed from <paramref name="u"/>).</summary>
    internal Tensor ReplayStep(VectorField f, Tensor u, double h, SolverStats stats)
    {
        if (fixedStep is not null) return fixedStep.Step(f, u, h, stats);
        stats.FunctionEvaluations += 6;
        stats.Steps++;
        return Dopri5.Stages(x => f(x), u, f(u), h, new Tensor[7]);
    }

    /// <summary>z(t_end) of dz/dt = field(z) from z(t_start) with the backward solver: equal fixed steps for a
    /// fixed-step solver, dopri5 at the backward tolerances with error measured on <paramref name="errorComponents"/>.</summary>
    internal Tensor SolveBackward(VectorField field, Tensor z, double tStart, double tEnd, Func<Tensor, Tensor> errorComponents)
    {
        if (fixedStep is not null)
        {
            double h = (tEnd - tStart) / Options.StepsPerInterval;
            var state = z;
            for (int n = 0; n < Options.StepsPerInterval; n++)
            {
                var next = fixedStep.Step(field, state, h, BackwardStats);
                if (n > 0) state.Dispose();
                state = next;
            }
            return state;
        }
        var run = new Dopri5.Run(backwardDopri5!, field, z, tStart, Math.Sign(tEnd - tStart), BackwardStats,
            backwardDopri5!.Options.InitialStep, Math.Abs(tEnd - tStart), errorComponents);
        run.AdvanceTo(tEnd);
        var result = run.State;
        run.KeepState();
        run.Dispose();
        return result;
    }

    private static void ValidateTimes(double[] times)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (times.Length == 0) throw new ArgumentException("adjoint: at least one output time is needed");
        if (times.Any(t => !double.IsFinite(t))) throw new ArgumentException("adjoint: output times must be finite");
        if (times.Length < 2) return;
        int sign = Math.Sign(times[1] - times[0]);
        for (int i = 1; i < times.Length; i++)
            if (sign == 0 || Math.Sign(times[i] - times[i - 1]) != sign)
                throw new ArgumentException("adjoint: output times must be strictly increasing or strictly decreasing");
    }
}
