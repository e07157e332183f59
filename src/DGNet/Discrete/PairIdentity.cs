using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>The identity, for residual connections (<see cref="PairSum"/> of it and a block).</summary>
public sealed class PairIdentity : PairModule
{
    /// <summary>Creates the identity block.</summary>
    public PairIdentity() : base(nameof(PairIdentity)) => RegisterComponents();

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x) => new(x, g => g);
}
