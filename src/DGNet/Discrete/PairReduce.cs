using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Sum or mean over the last <see cref="Axes"/> axes (e.g. over a grid and its channel, or over features), a
/// linear map whose pullback broadcasts the cotangent back (divided by the count for the mean).
/// </summary>
public sealed class PairReduce : PairModule
{
    /// <summary>Creates the reduction over the last <paramref name="axes"/> axes; a mean if <paramref name="mean"/>, else a sum.</summary>
    public PairReduce(int axes, bool mean = false) : base(nameof(PairReduce))
    {
        if (axes < 1) throw new ArgumentException($"a reduction needs at least one axis, got {axes}");
        Axes = axes;
        IsMean = mean;
        RegisterComponents();
    }

    /// <summary>Number of trailing axes reduced.</summary>
    public int Axes { get; }

    /// <summary>True for the mean, false for the sum.</summary>
    public bool IsMean { get; }

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        if (x.dim() < Axes + 1)
            throw new ArgumentException($"cannot reduce the last {Axes} axes of a pair tensor of shape [{string.Join(", ", x.shape)}]");
        var dims = Enumerable.Range(1, Axes).Select(i => (long)-i).ToArray();
        var y = IsMean ? x.mean(dims) : x.sum(dims);
        var inputWithoutPair = x.shape[1..];
        long count = x.shape[^Axes..].Aggregate(1L, (a, b) => a * b);
        return new(y, g =>
        {
            var spread = g.reshape([.. g.shape, .. Enumerable.Repeat(1L, Axes)]).expand(inputWithoutPair);
            return IsMean ? spread / count : spread;
        });
    }
}
