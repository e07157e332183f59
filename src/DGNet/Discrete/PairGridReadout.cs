using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Linear readout of a channels-last grid, one value per sample: H = w · Σ_grid x for x [P, batch..., grid..., C].
/// The same map as a 1x1 convolution to one channel (no bias) followed by the sum over the grid, with the same
/// weight [1, C], but applied in the cheaper order: the sum over the grid first (one pass over the features), then w
/// on C values per sample, instead of a matrix product with a single output column at every grid point (which runs
/// at memory speed on one thread, forward and backward). Its pullback spreads g·w over the grid, materialised so
/// that the next block's fused kernel can take it.
/// </summary>
public sealed class PairGridReadout : PairModule
{
    private readonly Parameter weight;

    /// <summary>Creates the readout of <paramref name="channels"/> channels over <paramref name="gridAxes"/> grid axes,
    /// with an orthogonal weight [1, C] (initialised exactly as a 1x1 convolution to one channel).</summary>
    public PairGridReadout(long channels, int gridAxes, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base(nameof(PairGridReadout))
    {
        if (channels < 1) throw new ArgumentException($"a grid readout needs at least one channel, got {channels}");
        if (gridAxes < 1) throw new ArgumentException($"a grid readout needs at least one grid axis, got {gridAxes}");
        GridAxes = gridAxes;
        using (no_grad()) weight = nn.Parameter(OrthogonalInit.Create([1, channels], dtype, device));
        RegisterComponents();
    }

    /// <summary>The weight w, [1, C].</summary>
    public Parameter Weight => weight;

    /// <summary>Number of grid axes summed (before the channel axis).</summary>
    public int GridAxes { get; }

    /// <inheritdoc/>
    public override PairOutput Forward(Tensor x)
    {
        long channels = weight.shape[1];
        if (x.dim() < GridAxes + 2 || x.shape[^1] != channels)
            throw new ArgumentException(
                $"a grid readout over {GridAxes} grid axes and {channels} channels needs a pair tensor [P, batch..., grid..., {channels}], got [{string.Join(", ", x.shape)}]");
        var gridDims = Enumerable.Range(2, GridAxes).Select(i => (long)-i).ToArray();
        var w = weight.squeeze(0);
        var y = x.sum(gridDims).matmul(w);
        var inputShape = x.shape[1..];
        var spreadShape = inputShape.Select((size, axis) => axis >= inputShape.Length - 1 - GridAxes && axis < inputShape.Length - 1 ? 1 : size).ToArray();
        return new(y, g => (g.unsqueeze(-1) * w).reshape(spreadShape).expand(inputShape).contiguous());
    }
}
