using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// A physical system of the form du/dt = G ∇H(u): its energy H, its right-hand side, the name of its structure G,
/// its default data settings, an initial-condition sampler and a structure-preserving ground-truth simulator.
/// All tensor functions are batched over the first dimension ([batch, *StateShape]) and keep the dtype and device
/// of their input.
/// </summary>
public abstract class PhysicalSystem
{
    /// <summary>The registry name, e.g. "kdv".</summary>
    public abstract string Name { get; }

    /// <summary>Shape of one state: [2n] for (q, p), [M] for a 1-D field, [M, M] for a 2-D field.</summary>
    public abstract long[] StateShape { get; }

    /// <summary>The structure G of du/dt = G ∇H(u).</summary>
    public abstract StructureSpec Structure { get; }

    /// <summary>The grid spacing of a field (PDE) system; null for an ODE system.</summary>
    public virtual double? GridSpacing => null;

    /// <summary>The paper's data settings for this system.</summary>
    public abstract GenerationSettings DefaultSettings { get; }

    /// <summary>The system's own parameters (coefficients, grid, sampling ranges), for the dataset's metadata.</summary>
    public abstract IReadOnlyDictionary<string, object> Parameters { get; }

    /// <summary>The energy H of each state: [batch, *StateShape] to [batch]. For fields, the discrete energy.</summary>
    public abstract Tensor Energy(Tensor u);

    /// <summary>The exact time derivative du/dt = G ∇H(u) (for fields, of the semi-discrete system).</summary>
    public abstract Tensor RightHandSide(Tensor u);

    /// <summary>Draws <paramref name="count"/> initial states [count, *StateShape] from the system's distribution.</summary>
    public abstract Tensor SampleInitialStates(int count, Generator generator, ScalarType dtype, Device device);

    /// <summary>
    /// The first <paramref name="count"/> initial states [count, *StateShape] (float64, CPU) that the reference code's
    /// data generator draws after <c>np.random.seed(seed)</c>, so that the published numbers' data can be made again.
    /// </summary>
    /// <exception cref="ArgumentException">The reference code has no generator for this system.</exception>
    public virtual Tensor SampleReferenceInitialStates(int count, long seed) =>
        throw new ArgumentException($"sampler: the reference sampler exists for kdv, 1-D cahn-hilliard and two-body only, not {Name}");

    /// <summary>
    /// Whether the reference code tests on the first of the trajectories it draws rather than the last (this
    /// project's convention), so that data from the reference sampler are split as the reference split them.
    /// </summary>
    public virtual bool ReferenceTestsFirst => false;

    /// <summary>
    /// The ground-truth trajectories [batch, steps + 1, *StateShape] from the initial states [batch, *StateShape]
    /// (the first time point), with time step <paramref name="dt"/>, computed by a scheme that keeps the system's
    /// energy law. Runs on one libtorch intra-op thread (restored afterwards): the tensors of these simulations are
    /// below libtorch's parallel grain, and batched LU of small matrices is several times slower on two threads
    /// than on one (100 LUs of 50 × 50: 16 ms against 1.5 ms on our 2-core machines, worse when cores are shared).
    /// </summary>
    /// <param name="initial">Initial states [batch, *StateShape].</param>
    /// <param name="steps">Time steps to take; at least 1.</param>
    /// <param name="dt">Time between stored states; positive.</param>
    /// <param name="progress">Receives the fraction of the work done, from 0 to 1.</param>
    /// <param name="cancellation">Checked between steps.</param>
    /// <exception cref="SimulationFailedException">The solver could not advance a trajectory.</exception>
    public Tensor Simulate(Tensor initial, int steps, double dt, IProgress<double>? progress = null,
        CancellationToken cancellation = default)
    {
        CheckStates(initial, "initial states");
        if (steps < 1) throw new ArgumentException($"steps must be at least 1 (got {steps})");
        if (!(dt > 0) || double.IsInfinity(dt)) throw new ArgumentException($"dt must be positive and finite (got {dt})");
        int threads = get_num_threads();
        set_num_threads(1);
        try
        {
            using var noGradient = no_grad();
            return Integrate(initial.detach(), steps, dt, progress, cancellation);
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    /// <summary><see cref="Simulate"/> after its checks, on one thread and without autograd.</summary>
    protected abstract Tensor Integrate(Tensor initial, int steps, double dt, IProgress<double>? progress,
        CancellationToken cancellation);

    /// <summary>
    /// How <see cref="Simulate"/> computes float64 ground truth with time step <paramref name="dt"/> (method and
    /// tolerances), for the metadata.
    /// </summary>
    public abstract IReadOnlyDictionary<string, object> DescribeGroundTruth(double dt);

    /// <summary>Checks that a batch of states has this system's shape.</summary>
    protected void CheckStates(Tensor u, string what = "states")
    {
        var shape = StateShape;
        if (u.dim() != shape.Length + 1 || !u.shape.Skip(1).SequenceEqual(shape))
            throw new ArgumentException(
                $"{Name}: {what} must have shape [batch, {string.Join(", ", shape)}] (got [{string.Join(", ", u.shape)}])");
    }
}
