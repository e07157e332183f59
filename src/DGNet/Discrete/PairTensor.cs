using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>Helpers for pair tensors: the states stacked on a leading axis of length 2 (u, v) or 1 (u).</summary>
public static class PairTensor
{
    /// <summary>Stacks u and v ([batch..., *state], same shape) into the pair tensor [2, batch..., *state].</summary>
    public static Tensor Of(Tensor u, Tensor v)
    {
        if (!u.shape.SequenceEqual(v.shape))
            throw new ArgumentException(
                $"the two states of a pair must have the same shape, got [{string.Join(", ", u.shape)}] and [{string.Join(", ", v.shape)}]");
        if (u.dtype != v.dtype)
            throw new ArgumentException($"the two states of a pair must have the same dtype, got {u.dtype} and {v.dtype}");
        return stack([u, v]);
    }

    /// <summary>The single-state pair tensor [1, batch..., *state] of u.</summary>
    public static Tensor Of(Tensor u) => u.unsqueeze(0);

    /// <summary>The pair size P of a pair tensor, checked to be 1 or 2.</summary>
    public static long Size(Tensor x)
    {
        long p = x.dim() == 0 ? 0 : x.shape[0];
        if (p is not (1 or 2))
            throw new ArgumentException($"a pair tensor has a leading axis of length 1 or 2, got shape [{string.Join(", ", x.shape)}]");
        return p;
    }

    /// <summary>
    /// The average of the two states of a pair ((y_u + y_v) / 2), or the state itself when P = 1: the factor that
    /// the discrete Jacobian of a product uses.
    /// </summary>
    public static Tensor Mean(Tensor y) => y.shape[0] == 2 ? y.mean([0]) : y[0];
}
