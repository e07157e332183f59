using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// Finite differences on periodic grids, applied along the last dimension (1-D) or the last two (2-D) of a batch
/// of fields, and their dense matrices for Jacobians.
/// </summary>
public static class PeriodicDifferences
{
    /// <summary>δ⁺u: (u[i+1] - u[i]) / dx along <paramref name="dim"/>.</summary>
    public static Tensor Forward(Tensor u, double dx, long dim = -1)
    {
        using var scope = NewDisposeScope();
        return ((u.roll(-1, dim) - u) / dx).MoveToOuterDisposeScope();
    }

    /// <summary>δ⁻u: (u[i] - u[i-1]) / dx along <paramref name="dim"/>.</summary>
    public static Tensor Backward(Tensor u, double dx, long dim = -1)
    {
        using var scope = NewDisposeScope();
        return ((u - u.roll(1, dim)) / dx).MoveToOuterDisposeScope();
    }

    /// <summary>δ⟨1⟩u: (u[i+1] - u[i-1]) / (2 dx) along the last dimension; a skew-symmetric operator.</summary>
    public static Tensor Central(Tensor u, double dx)
    {
        using var scope = NewDisposeScope();
        return ((u.roll(-1, -1) - u.roll(1, -1)) / (2 * dx)).MoveToOuterDisposeScope();
    }

    /// <summary>δ²u: (u[i+1] - 2u[i] + u[i-1]) / dx² along the last dimension; negative semi-definite.</summary>
    public static Tensor Second(Tensor u, double dx)
    {
        using var scope = NewDisposeScope();
        return ((u.roll(-1, -1) - 2 * u + u.roll(1, -1)) / (dx * dx)).MoveToOuterDisposeScope();
    }

    /// <summary>The five-point Laplacian over the last two dimensions (same spacing dx in both).</summary>
    public static Tensor Laplacian2D(Tensor u, double dx)
    {
        using var scope = NewDisposeScope();
        var sum = u.roll(-1, -1) + u.roll(1, -1) + u.roll(-1, -2) + u.roll(1, -2) - 4 * u;
        return (sum / (dx * dx)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The dense matrix [n, n] of a linear operator on fields of <paramref name="shape"/> (n = their size), on the
    /// flattened (row-major) field: column j is the operator applied to the j-th unit field.
    /// </summary>
    public static Tensor Matrix(Func<Tensor, Tensor> linearOperator, long[] shape, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var units = eye(n, dtype: dtype, device: device).reshape([n, .. shape]);
        return linearOperator(units).reshape(n, n).t().contiguous().MoveToOuterDisposeScope();
    }
}
