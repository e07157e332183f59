using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Keeps features [start, start + length) of the last axis (e.g. the q or p half of a state (q, p)); the pullback
/// puts the cotangent back in place with zeros elsewhere.
/// </summary>
public sealed class PairTakeFeatures : PairModule
{
    /// <summary>Creates the block keeping <paramref name="length"/> features from <paramref name="start"/>.</summary>
    public PairTakeFeatures(long start, long length) : base(nameof(PairTakeFeatures))
    {
        if (start < 0 || length < 1) throw new ArgumentException($"invalid feature range: start {start}, length {length}");
        Start = start;
        Length = length;
        RegisterComponents();
    }

    /// <summary>First feature kept.</summary>
    public long Start { get; }

    /// <summary>Number of features kept.</summary>
    public long Length { get; }

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        long n = x.shape[^1];
        if (Start + Length > n)
            throw new ArgumentException($"cannot take features [{Start}, {Start + Length}) of an input with {n} features");
        return new(x.narrow(-1, Start, Length), g => nn.functional.pad(g, [Start, n - Start - Length]));
    }
}
