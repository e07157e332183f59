using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Sum of branches run on the same input (a residual connection is the sum with <see cref="PairIdentity"/>).
/// Its discrete Jacobian is the sum of the branches' ones.
/// </summary>
public sealed class PairSum : PairModule
{
    private readonly ModuleList<PairModule> branches;

    /// <summary>Creates the sum of <paramref name="branches"/> (at least one; same output shape).</summary>
    public PairSum(params PairModule[] branches) : base(nameof(PairSum))
    {
        if (branches.Length == 0) throw new ArgumentException("a sum needs at least one branch");
        this.branches = new ModuleList<PairModule>(branches);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        var outputs = branches.Select(b => b.Forward(x)).ToArray();
        var value = outputs[0].Value;
        for (int i = 1; i < outputs.Length; i++)
        {
            if (!outputs[i].Value.shape.SequenceEqual(value.shape))
                throw new ArgumentException(
                    $"the branches of a sum must have the same output shape, got [{string.Join(", ", value.shape)}] and [{string.Join(", ", outputs[i].Value.shape)}]");
            value = value + outputs[i].Value;
        }
        return new(value, g =>
        {
            var result = outputs[0].Pullback(g);
            for (int i = 1; i < outputs.Length; i++) result = result + outputs[i].Pullback(g);
            return result;
        });
    }
}
