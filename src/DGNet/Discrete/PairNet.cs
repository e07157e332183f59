using DGNet.Discrete.Functions;
using static TorchSharp.torch;

namespace DGNet.Discrete;

/// <summary>
/// Factories for the pair blocks, in the style of TorchSharp's <c>nn</c> factories. Parameters are float64 on the
/// CPU unless a dtype and device are given; weights are orthogonal and biases zero, as in the reference networks.
/// </summary>
public static class PairNet
{
    /// <summary>Dense layer y = x Wᵀ + b on the last axis.</summary>
    public static PairLinear Linear(long inFeatures, long outFeatures, bool bias = true,
        ScalarType dtype = ScalarType.Float64, Device? device = null) => new(inFeatures, outFeatures, bias, dtype, device);

    /// <summary>1x1 convolution on a channels-last grid: the dense layer on the channel axis.</summary>
    public static PairLinear Conv1x1(long inChannels, long outChannels, bool bias = true,
        ScalarType dtype = ScalarType.Float64, Device? device = null) => new(inChannels, outChannels, bias, dtype, device);

    /// <summary>1-D periodic convolution over [P, batch..., L, C_in] with kernel size <paramref name="kernelSize"/>.</summary>
    public static PairPeriodicConv Conv1d(long inChannels, long outChannels, long kernelSize, bool bias = true,
        ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        new(inChannels, outChannels, [kernelSize], bias, dtype, device);

    /// <summary>2-D periodic convolution over [P, batch..., H, W, C_in] with a kernelSize × kernelSize kernel.</summary>
    public static PairPeriodicConv Conv2d(long inChannels, long outChannels, long kernelSize, bool bias = true,
        ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        new(inChannels, outChannels, [kernelSize, kernelSize], bias, dtype, device);

    /// <summary>An element-wise function by name: tanh, sigmoid, softplus, sin, exp, relu, square, cube.</summary>
    public static PairElementwise Activation(string name) => new(ElementwiseFunction.FromName(name));

    /// <summary>An element-wise function given by f and its derivative f'.</summary>
    public static PairElementwise Elementwise(string name, Func<Tensor, Tensor> f, Func<Tensor, Tensor> derivative) =>
        new(new GenericFunction(name, f, derivative));

    /// <summary>tanh.</summary>
    public static PairElementwise Tanh() => new(new TanhFunction());

    /// <summary>Product of two branches.</summary>
    public static PairProduct Product(PairModule left, PairModule right) => new(left, right);

    /// <summary>Sum of branches.</summary>
    public static PairSum Sum(params PairModule[] branches) => new(branches);

    /// <summary>Residual connection x + f(x).</summary>
    public static PairSum Residual(PairModule block) => new(new PairIdentity(), block);

    /// <summary>Multiplication by a constant.</summary>
    public static PairScale Scale(double factor) => new(factor);

    /// <summary>Blocks in sequence.</summary>
    public static PairSequential Sequential(params PairModule[] blocks) => new(blocks);

    /// <summary>Appends a channel axis of length 1: [.., grid...] → [.., grid..., 1].</summary>
    public static PairReshape AddChannel() => new(0, 1);

    /// <summary>Flattens the last <paramref name="axes"/> axes into one.</summary>
    public static PairReshape Flatten(int axes) => new(axes, -1);

    /// <summary>Sum over the last <paramref name="axes"/> axes (grid and channel, or features).</summary>
    public static PairReduce SumOver(int axes) => new(axes, mean: false);

    /// <summary>Linear readout H = w · Σ_grid x of a channels-last grid with <paramref name="gridAxes"/> grid axes:
    /// a 1x1 convolution to one channel (no bias) summed over the grid, the sum taken first.</summary>
    public static PairGridReadout GridReadout(long channels, int gridAxes, ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        new(channels, gridAxes, dtype, device);

    /// <summary>Mean over the last <paramref name="axes"/> axes.</summary>
    public static PairReduce MeanOver(int axes) => new(axes, mean: true);

    /// <summary>The features [start, start + length) of the last axis.</summary>
    public static PairTakeFeatures TakeFeatures(long start, long length) => new(start, length);

    /// <summary>½ xᵀ W x with W symmetric positive definite, one value per sample.</summary>
    public static PairQuadraticForm QuadraticForm(long size, ScalarType dtype = ScalarType.Float64, Device? device = null) =>
        new(size, dtype, device);
}
