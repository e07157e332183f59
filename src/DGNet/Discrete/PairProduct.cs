using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Element-wise product z = x·y of two branches run on the same input. Its discrete Jacobian,
/// dz = ((y_u + y_v)/2) dx + ((x_u + x_v)/2) dy, satisfies z_u - z_v = that applied to (x_u - x_v, y_u - y_v)
/// exactly; with P = 1 it is the product rule. (The square of a branch is the product with itself.)
/// </summary>
public sealed class PairProduct : PairModule
{
    private readonly PairModule left;
    private readonly PairModule right;

    /// <summary>Creates the product of the outputs of <paramref name="left"/> and <paramref name="right"/> (same shape).</summary>
    public PairProduct(PairModule left, PairModule right) : base(nameof(PairProduct))
    {
        this.left = left;
        this.right = right;
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        var l = left.Forward(x);
        var r = right.Forward(x);
        if (!l.Value.shape.SequenceEqual(r.Value.shape))
            throw new ArgumentException(
                $"the branches of a product must have the same output shape, got [{string.Join(", ", l.Value.shape)}] and [{string.Join(", ", r.Value.shape)}]");
        return new(l.Value * r.Value,
            g => l.Pullback(g * PairTensor.Mean(r.Value)) + r.Pullback(g * PairTensor.Mean(l.Value)));
    }
}
