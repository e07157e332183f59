using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// Furihata's discrete variational derivative scheme for a <see cref="FieldSystem"/> with a fixed time step:
/// the residual F(next) = (next - current) / dt - G δH/δ(next, current), whose root is the next state, and its
/// analytic Jacobian ∂F/∂next = I / dt - G (diag(slope) + L) on flattened fields, and one step by Newton's method.
/// Small grids (up to <see cref="DenseLimit"/> values) use dense LU solves with the analytic Jacobian; larger ones
/// Jacobian-free GMRES, as a dense Jacobian grows like the square of the grid. Holds the dense constant matrices
/// G and I / dt - G L (small grids only); dispose it when done.
/// </summary>
public sealed class DiscreteVariationalScheme : IDisposable
{
    /// <summary>Newton's tolerance on the residual max-norm (relative to max(1, |u|∞)) where rounding allows it.</summary>
    public const double Tolerance = 1e-10;

    /// <summary>
    /// The tolerance used: <see cref="Tolerance"/>, but at least 10 ε / dt (ε the machine epsilon of
    /// <paramref name="dtype"/>), since the residual is a rate whose rounding error is about ε |u| / dt. In float64
    /// this matters only for dt below about 2e-5; in float32 it is about 1.2e-6 / dt.
    /// </summary>
    public static double ToleranceFor(ScalarType dtype, double dt) =>
        Math.Max(Tolerance, 10 * NewtonOptions.MachineEpsilon(dtype) / dt);

    /// <summary>The largest state (values per field) solved with dense Jacobians.</summary>
    public const int DenseLimit = 256;

    private readonly Tensor? structureMatrix;
    private readonly Tensor? constantJacobian;

    internal DiscreteVariationalScheme(FieldSystem system, double dt, ScalarType dtype, Device device)
    {
        if (!(dt > 0) || double.IsInfinity(dt)) throw new ArgumentException($"dt must be positive and finite (got {dt})");
        System = system;
        Dt = dt;
        double tolerance = ToleranceFor(dtype, dt);
        Options = system.Size <= DenseLimit
            // The analytic Jacobian costs less than the extra iteration a reused one needs (KdV: 2 iterations per
            // step instead of 3, 30% less time), so classical Newton.
            ? new NewtonOptions { Tolerance = tolerance, Linear = NewtonLinearSolver.Dense, ReuseJacobian = false }
            : new NewtonOptions { Tolerance = tolerance, Linear = NewtonLinearSolver.Gmres, Jacobian = JacobianSource.FiniteDifference };
        if (system.Size > DenseLimit) return;
        using var scope = NewDisposeScope();
        var shape = system.StateShape;
        var g = PeriodicDifferences.Matrix(system.ApplyStructure, shape, dtype, device);
        var gl = PeriodicDifferences.Matrix(w => system.ApplyStructure(system.ApplyLinearPart(w)), shape, dtype, device);
        structureMatrix = g.DetachFromDisposeScope();
        constantJacobian = (eye(system.Size, dtype: dtype, device: device) / dt - gl).DetachFromDisposeScope();
    }

    public FieldSystem System { get; }

    public double Dt { get; }

    /// <summary>The Newton settings of <see cref="Step"/>.</summary>
    public NewtonOptions Options { get; }

    /// <summary>F(next) = (next - current) / dt - G δH/δ(next, current), [batch, *StateShape].</summary>
    public Tensor Residual(Tensor next, Tensor current)
    {
        System.CheckFields(next, "next states");
        System.CheckFields(current, "current states");
        using var scope = NewDisposeScope();
        var change = (next - current) / Dt;
        return (change - System.ApplyStructure(System.DiscreteVariationalDerivative(next, current))).MoveToOuterDisposeScope();
    }

    /// <summary>∂F/∂next on flattened fields, [batch, n, n] with n = M^d.</summary>
    public Tensor Jacobian(Tensor next, Tensor current)
    {
        if (structureMatrix is null || constantJacobian is null)
            throw new InvalidOperationException($"{System.Name}: a grid of {System.Size} values is solved without dense Jacobians");
        using var scope = NewDisposeScope();
        var slope = System.DiscreteDerivativeSlope(next, current).reshape(next.shape[0], 1, System.Size);
        // I/dt - G L - G diag(slope), where G diag(slope) scales column j of G by slope_j.
        return constantJacobian.addcmul(structureMatrix, slope, value: -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The next states: the root of F(next) = 0 given the current states, by Newton's method from
    /// <paramref name="guess"/>.
    /// </summary>
    /// <exception cref="NewtonFailedException">Newton did not converge for some trajectory.</exception>
    public Tensor Step(Tensor current, Tensor guess, SolverStats? stats = null)
    {
        Func<Tensor, Tensor>? jacobian = structureMatrix is null ? null : next => Jacobian(next, current);
        return NewtonSolver.Solve(next => Residual(next, current), guess, Options, stats, jacobian);
    }

    public void Dispose()
    {
        structureMatrix?.Dispose();
        constantJacobian?.Dispose();
    }
}
