using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// A PDE discretised on a periodic grid of M points per dimension (spacing dx = width / M), with a discrete energy
/// H(u) = Σ h(u) dx^d and du/dt = G δH/δu, where δH/δu = (∂H/∂u) / dx^d is the discrete variational derivative
/// and G a difference operator. Its ground truth comes from Furihata's discrete variational derivative method,
/// (u[n+1] - u[n]) / dt = G δH/δ(u[n+1], u[n]), which keeps the energy law exactly in discrete time.
/// </summary>
public abstract class FieldSystem : PhysicalSystem
{
    /// <param name="dimensions">1 or 2.</param>
    /// <param name="grid">Points per dimension; at least 3.</param>
    /// <param name="width">Length of the periodic domain per dimension; positive.</param>
    protected FieldSystem(int dimensions, int grid, double width)
    {
        if (dimensions is not (1 or 2)) throw new ArgumentException($"a field has 1 or 2 dimensions (got {dimensions})");
        if (grid < 3) throw new ArgumentException($"grid must have at least 3 points (got {grid})");
        if (!(width > 0) || double.IsInfinity(width)) throw new ArgumentException($"width must be positive (got {width})");
        Dimensions = dimensions;
        Grid = grid;
        Width = width;
    }

    /// <summary>1 for a field on a line, 2 for a field on a square.</summary>
    public int Dimensions { get; }

    /// <summary>M, the number of grid points per dimension.</summary>
    public int Grid { get; }

    /// <summary>The length of the periodic domain per dimension.</summary>
    public double Width { get; }

    /// <summary>The grid spacing dx = width / M.</summary>
    public double Dx => Width / Grid;

    /// <summary>dx^d, the weight of one grid point in the discrete energy.</summary>
    public double CellVolume => Math.Pow(Dx, Dimensions);

    /// <summary>The number of values in one state, M^d.</summary>
    public int Size => Dimensions == 1 ? Grid : Grid * Grid;

    public override double? GridSpacing => Dx;

    public override long[] StateShape => Dimensions == 1 ? [Grid] : [Grid, Grid];

    /// <summary>The grid coordinates x_i = i dx, i = 0..M-1.</summary>
    public Tensor Coordinates(ScalarType dtype, Device device) => arange(Grid, dtype: dtype, device: device) * Dx;

    /// <summary>δH/δu = (∂H/∂u) / dx^d, exactly.</summary>
    public abstract Tensor VariationalDerivative(Tensor u);

    /// <summary>Applies the structure operator G to fields [batch, *StateShape].</summary>
    public abstract Tensor ApplyStructure(Tensor w);

    public override Tensor RightHandSide(Tensor u)
    {
        CheckStates(u);
        using var scope = NewDisposeScope();
        return ApplyStructure(VariationalDerivative(u)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Furihata's discrete variational derivative δH/δ(next, current): it satisfies the discrete chain rule
    /// H(next) - H(current) = Σ δH/δ(next, current) · (next - current) dx^d and equals δH/δu when next = current.
    /// </summary>
    public abstract Tensor DiscreteVariationalDerivative(Tensor next, Tensor current);

    /// <summary>
    /// The diagonal part of ∂ δH/δ(next, current) / ∂ next, a field; the rest of that derivative is the constant
    /// operator <see cref="ApplyLinearPart"/>.
    /// </summary>
    public abstract Tensor DiscreteDerivativeSlope(Tensor next, Tensor current);

    /// <summary>The constant (linear) part of ∂ δH/δ(next, current) / ∂ next, applied to fields.</summary>
    public abstract Tensor ApplyLinearPart(Tensor w);

    /// <summary>The one-step scheme with time step <paramref name="dt"/>, its residual, Jacobian and solver.</summary>
    public DiscreteVariationalScheme CreateScheme(double dt, ScalarType dtype, Device device) => new(this, dt, dtype, device);

    public override IReadOnlyDictionary<string, object> DescribeGroundTruth(double dt) => new Dictionary<string, object>
    {
        ["method"] = "furihata discrete variational derivative",
        ["newton_tolerance"] = DiscreteVariationalScheme.ToleranceFor(ScalarType.Float64, dt),
        ["linear_solver"] = Size <= DiscreteVariationalScheme.DenseLimit ? "dense analytic jacobian" : "gmres",
    };

    /// <summary>
    /// Steps Furihata's scheme, all trajectories at once. Newton starts from the linear extrapolation
    /// 2u[n] - u[n-1] (from u[0] at the first step) and stops at the residual tolerance
    /// <see cref="DiscreteVariationalScheme.ToleranceFor"/>.
    /// </summary>
    protected override Tensor Integrate(Tensor initial, int steps, double dt, IProgress<double>? progress,
        CancellationToken cancellation)
    {
        using var scheme = CreateScheme(dt, initial.dtype, initial.device);
        using var scope = NewDisposeScope();
        var states = new List<Tensor> { initial };
        var previous = initial;
        var current = previous;
        for (int step = 1; step <= steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            DeferredScalarFrees.FreeNow();
            using var stepScope = NewDisposeScope();
            var guess = 2 * current - previous;
            Tensor next;
            try
            {
                next = scheme.Step(current, guess);
            }
            catch (SolverFailedException e)
            {
                throw new SimulationFailedException(Name, step, steps, (step - 1) * dt, e);
            }
            next.MoveToOuterDisposeScope();
            states.Add(next);
            previous = current;
            current = next;
            progress?.Report((double)step / steps);
        }
        return stack(states, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Checks that a batch of states has this system's shape.</summary>
    internal void CheckFields(Tensor u, string what) => CheckStates(u, what);
}
