using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Convolution (cross-correlation, as in PyTorch) with periodic padding and stride 1 over a channels-last grid:
/// 1-D input [P, batch..., L, C_in] or 2-D input [P, batch..., H, W, C_in], output of the same grid shape with
/// C_out channels. The kernel is centred: for size k the window reaches (k - 1)/2 points back (rounded down). Its
/// discrete Jacobian is the convolution itself (the bias drops out), so the pullback is the transposed periodic
/// convolution: the kernel flipped and its channel axes swapped.
/// </summary>
public sealed class PairPeriodicConv : PairModule
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly long[] _left;
    private readonly long[] _transposedLeft;

    /// <summary>
    /// Creates the convolution with kernel sizes <paramref name="kernelSize"/> (one per grid axis: 1 or 2 of them),
    /// an orthogonal weight [C_out, C_in, k...] (orthogonal after flattening its trailing axes) and a zero bias.
    /// </summary>
    public PairPeriodicConv(long inChannels, long outChannels, long[] kernelSize, bool hasBias = true,
        ScalarType dtype = ScalarType.Float64, Device? device = null) : base(nameof(PairPeriodicConv))
    {
        if (kernelSize.Length is not (1 or 2))
            throw new ArgumentException($"periodic convolutions are 1-D or 2-D, got {kernelSize.Length} kernel sizes");
        if (kernelSize.Any(k => k < 1) || inChannels < 1 || outChannels < 1)
            throw new ArgumentException("convolution sizes and channel counts must be positive");
        _left = kernelSize.Select(k => (k - 1) / 2).ToArray();
        _transposedLeft = kernelSize.Select((k, i) => k - 1 - _left[i]).ToArray();
        using (no_grad())
        {
            weight = nn.Parameter(OrthogonalInit.Create([outChannels, inChannels, .. kernelSize], dtype, device));
            if (hasBias) bias = nn.Parameter(zeros(outChannels, dtype: dtype, device: device));
        }
        RegisterComponents();
    }

    /// <summary>The kernel, [C_out, C_in, k] or [C_out, C_in, kH, kW].</summary>
    public Parameter Weight => weight;

    /// <summary>The bias, [C_out], or null.</summary>
    public Parameter? Bias => bias;

    /// <summary>Number of grid axes: 1 or 2.</summary>
    public int SpatialDims => _left.Length;

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        var y = PeriodicCorrelation.Apply(x, weight, bias, _left);
        return new(y, g =>
        {
            var flipped = weight.transpose(0, 1).flip(Enumerable.Range(2, SpatialDims).Select(i => (long)i).ToArray());
            return PeriodicCorrelation.Apply(g, flipped, null, _transposedLeft);
        });
    }
}
