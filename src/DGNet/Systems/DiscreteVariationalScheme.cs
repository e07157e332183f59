using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// Furihata's discrete variational derivative scheme for a <see cref="FieldSystem"/> with a fixed time step:
/// the residual F(next) = (next - current) / dt - G δH/δ(next, current), whose root is the next state, and its
/// analytic Jacobian ∂F/∂next = I / dt - G (diag(slope) + L) on flattened fields. Holds the dense constant
/// matrices G and I / dt - G L; dispose it when done.
/// </summary>
public sealed class DiscreteVariationalScheme : IDisposable
{
    private readonly Tensor structureMatrix;
    private readonly Tensor constantJacobian;

    internal DiscreteVariationalScheme(FieldSystem system, double dt, ScalarType dtype, Device device)
    {
        if (!(dt > 0) || double.IsInfinity(dt)) throw new ArgumentException($"dt must be positive and finite (got {dt})");
        System = system;
        Dt = dt;
        using var scope = NewDisposeScope();
        var shape = system.StateShape;
        var g = PeriodicDifferences.Matrix(system.ApplyStructure, shape, dtype, device);
        var gl = PeriodicDifferences.Matrix(w => system.ApplyStructure(system.ApplyLinearPart(w)), shape, dtype, device);
        structureMatrix = g.DetachFromDisposeScope();
        constantJacobian = (eye(system.Size, dtype: dtype, device: device) / dt - gl).DetachFromDisposeScope();
    }

    public FieldSystem System { get; }

    public double Dt { get; }

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
        using var scope = NewDisposeScope();
        var slope = System.DiscreteDerivativeSlope(next, current).reshape(next.shape[0], 1, System.Size);
        // G diag(slope): column j of G scaled by slope_j.
        return (constantJacobian - structureMatrix * slope).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        structureMatrix.Dispose();
        constantJacobian.Dispose();
    }
}
