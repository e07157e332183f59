using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// An ODE system with state u = (q, p), q and p of n components each, and du/dt = (S - R) ∇H(u), where
/// S = [[0, I], [-I, 0]] and R = diag(0, r I): with r = 0 energy is conserved, with r &gt; 0 it decreases at the
/// rate r |∂H/∂p|².
/// </summary>
public abstract class HamiltonianSystem : PhysicalSystem
{
    /// <param name="degreesOfFreedom">n, the number of positions (the state has 2n components).</param>
    /// <param name="friction">The friction rate r on the momenta; zero or positive.</param>
    protected HamiltonianSystem(int degreesOfFreedom, double friction)
    {
        if (!(friction >= 0) || double.IsInfinity(friction))
            throw new ArgumentException($"friction must be zero or positive (got {friction})");
        DegreesOfFreedom = degreesOfFreedom;
        Friction = friction;
    }

    /// <summary>n, the number of positions q (and of momenta p).</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>The friction rate r on the momenta; zero for a conservative system.</summary>
    public double Friction { get; }

    public override long[] StateShape => [2 * DegreesOfFreedom];

    public override StructureSpec Structure => Friction > 0 ? StructureSpec.WithFriction(Friction) : StructureSpec.Canonical;

    /// <summary>
    /// Relative and absolute tolerance of the Dormand-Prince ground truth in float64; float32 states use 100 machine
    /// epsilons (about 1.2e-5), near the best they can hold.
    /// </summary>
    public const double Tolerance = 1e-12;

    /// <summary>
    /// Trajectories integrated together: Dormand-Prince measures the error as an RMS over its batch, so a small
    /// batch keeps every trajectory's own error close to the tolerance.
    /// </summary>
    public const int BatchSize = 64;

    /// <summary>Time intervals integrated per call, between progress reports.</summary>
    private const int IntervalsPerCall = 10;

    public override IReadOnlyDictionary<string, object> DescribeGroundTruth(double dt) => new Dictionary<string, object>
    {
        ["method"] = "dopri5",
        ["rtol"] = Tolerance,
        ["atol"] = Tolerance,
        ["batch_size"] = BatchSize,
    };

    /// <summary>
    /// Adaptive Dormand-Prince 5(4) at rtol = atol = 1e-12, stepping exactly onto every output time, in batches of
    /// <see cref="BatchSize"/> trajectories.
    /// </summary>
    protected override Tensor Integrate(Tensor initial, int steps, double dt, IProgress<double>? progress,
        CancellationToken cancellation)
    {
        double tolerance = initial.dtype == ScalarType.Float64 ? Tolerance : 100 * NewtonOptions.MachineEpsilon(initial.dtype);
        var solver = new Dopri5(new Dopri5Options(tolerance, tolerance));
        int total = (int)initial.shape[0];
        using var scope = NewDisposeScope();
        var batches = new List<Tensor>();
        for (int first = 0; first < total; first += BatchSize)
        {
            int count = Math.Min(BatchSize, total - first);
            var segments = new List<Tensor> { initial[first..(first + count)].unsqueeze(1) };
            var state = initial[first..(first + count)];
            for (int start = 0; start < steps; start += IntervalsPerCall)
            {
                cancellation.ThrowIfCancellationRequested();
                DeferredScalarFrees.FreeNow();
                int end = Math.Min(steps, start + IntervalsPerCall);
                var times = Enumerable.Range(start, end - start + 1).Select(n => n * dt).ToArray();
                Tensor segment;
                try
                {
                    segment = solver.Solve(RightHandSide, state, times);
                }
                catch (SolverFailedException e)
                {
                    throw new SimulationFailedException(Name, start + 1, steps, start * dt, e, first);
                }
                segments.Add(segment[.., 1..]);
                state = segment[.., -1];
                progress?.Report((first + count * (double)end / steps) / total);
            }
            batches.Add(cat(segments, 1));
        }
        return cat(batches, 0).MoveToOuterDisposeScope();
    }

    /// <summary>The exact gradient ∇H(u), [batch, 2n].</summary>
    public abstract Tensor EnergyGradient(Tensor u);

    public override Tensor RightHandSide(Tensor u)
    {
        CheckStates(u);
        using var scope = NewDisposeScope();
        var gradient = EnergyGradient(u);
        var dHdq = gradient[.., ..DegreesOfFreedom];
        var dHdp = gradient[.., DegreesOfFreedom..];
        var dpdt = Friction > 0 ? -dHdq - Friction * dHdp : -dHdq;
        return cat([dHdp, dpdt], 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Draws states on circles of the (q, p) plane: radius uniform in [min, max), angle uniform, as in the paper's
    /// mass-spring and pendulum data.
    /// </summary>
    protected static Tensor SampleOnRing(int count, double minRadius, double maxRadius, Generator generator, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var radius = minRadius + (maxRadius - minRadius) * rand(count, dtype: dtype, device: device, generator: generator);
        var angle = 2 * Math.PI * rand(count, dtype: dtype, device: device, generator: generator);
        return stack([radius * angle.cos(), radius * angle.sin()], 1).MoveToOuterDisposeScope();
    }
}
