using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// The last dense Jacobian of a sequence of closely related Newton solves (the steps of one rollout), kept so the
/// next solve can start from it: successive steps differ by O(dt), so the old Jacobian usually still gives fast
/// convergence and a new one is formed only when it stops doing so. Held outside any dispose scope; replaced
/// matrices are disposed.
/// </summary>
internal sealed class JacobianMemory
{
    private Tensor? matrix;

    /// <summary>The kept Jacobian if it fits a batch of <paramref name="batch"/> rows of n unknowns like
    /// <paramref name="like"/>, else null.</summary>
    public Tensor? Recall(long batch, long n, Tensor like)
    {
        if (matrix is null || matrix.IsInvalid) return null;
        bool fits = matrix.shape.SequenceEqual(new[] { batch, n, n }) && matrix.dtype == like.dtype
            && matrix.device_type == like.device_type;
        return fits ? matrix : null;
    }

    /// <summary>Keeps <paramref name="jacobian"/> (detaching it from its dispose scope) in place of the old one.</summary>
    public void Keep(Tensor jacobian)
    {
        if (ReferenceEquals(jacobian, matrix)) return;
        matrix?.Dispose();
        matrix = jacobian.DetachFromDisposeScope();
    }
}
