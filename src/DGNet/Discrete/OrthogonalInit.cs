using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Orthogonal weight initialisation (Saxe et al.), as the reference networks use: the weight flattened to
/// [out, in·k...] has orthonormal rows or columns (whichever are fewer). Computed in float64 from a QR factorisation
/// of a Gaussian matrix with the sign convention that makes it uniformly distributed, then cast, so that float32 and
/// float64 networks built from the same seed start from the same weights (libtorch's own routine works in float32).
/// </summary>
internal static class OrthogonalInit
{
    public static Tensor Create(long[] shape, ScalarType dtype, Device? device)
    {
        long rows = shape[0];
        long columns = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        using var scope = NewDisposeScope();
        var gaussian = randn(rows, columns, dtype: ScalarType.Float64);
        bool wide = rows < columns;
        var (q, r) = linalg.qr(wide ? gaussian.t() : gaussian);
        q = q * r.diagonal().sign();
        var weight = (wide ? q.t() : q).contiguous().reshape(shape).to(dtype, device ?? CPU);
        return weight.MoveToOuterDisposeScope();
    }
}
