using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>Multiplication by a constant factor c; its Jacobian is c.</summary>
public sealed class PairScale : PairModule
{
    /// <summary>Creates the block y = <paramref name="factor"/>·x.</summary>
    public PairScale(double factor) : base(nameof(PairScale))
    {
        Factor = factor;
        RegisterComponents();
    }

    /// <summary>The factor c.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x) => new(x * Factor, g => g * Factor);
}
