using DGNet.Discrete;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Discrete;

/// <summary>Individual blocks against independent libtorch computations, and the shape checks that guard their use.</summary>
public class PairBlockTests
{
    public PairBlockTests() => set_num_threads(1);

    [Theory]
    [InlineData(1L, 4L, 3L)]
    [InlineData(3L, 2L, 4L)]
    [InlineData(5L, 1L, 5L)]
    [InlineData(2L, 3L, 1L)]
    public void Conv1dEqualsLibtorchCircularConvolution(long cin, long cout, long k)
    {
        manual_seed(1);
        var conv = PairNet.Conv1d(cin, cout, k);
        using (no_grad()) conv.Bias!.copy_(randn(cout, dtype: ScalarType.Float64));
        var x = randn(2, 3, 9, cin, dtype: ScalarType.Float64);
        var y = conv.Forward(x).Value;

        long left = (k - 1) / 2;
        var nchw = x.reshape(6, 9, cin).permute(0, 2, 1);
        var padded = nn.functional.pad(nchw, [left, k - 1 - left], PaddingModes.Circular);
        var expected = nn.functional.conv1d(padded, conv.Weight, conv.Bias).permute(0, 2, 1).reshape(2, 3, 9, cout);
        Assert.True((y - expected).abs().max().item<double>() < 1e-13);
    }

    [Theory]
    [InlineData(1L, 3L, 3L)]
    [InlineData(4L, 2L, 2L)]
    [InlineData(3L, 3L, 5L)]
    public void Conv2dEqualsLibtorchCircularConvolution(long cin, long cout, long k)
    {
        manual_seed(2);
        var conv = PairNet.Conv2d(cin, cout, k);
        using (no_grad()) conv.Bias!.copy_(randn(cout, dtype: ScalarType.Float64));
        var x = randn(2, 5, 6, cin, dtype: ScalarType.Float64);
        var y = conv.Forward(x).Value;

        long left = (k - 1) / 2, right = k - 1 - left;
        var nchw = x.permute(0, 3, 1, 2);
        var padded = nn.functional.pad(nchw, [left, right, left, right], PaddingModes.Circular);
        var expected = nn.functional.conv2d(padded, conv.Weight, conv.Bias).permute(0, 2, 3, 1);
        Assert.True((y - expected).abs().max().item<double>() < 1e-13);
    }

    [Theory]
    [InlineData(1, 1L, 6L, 3L)]
    [InlineData(1, 6L, 1L, 4L)]
    [InlineData(2, 1L, 5L, 3L)]
    [InlineData(2, 5L, 2L, 2L)]
    public void ConvPullbackIsTheTransposedConvolution(int dims, long cin, long cout, long k)
    {
        manual_seed(3);
        var conv = dims == 1 ? PairNet.Conv1d(cin, cout, k) : PairNet.Conv2d(cin, cout, k);
        long[] grid = dims == 1 ? [7] : [4, 5];
        var x = randn([1, 2, .. grid, cin], dtype: ScalarType.Float64).requires_grad_();
        var output = conv.Forward(x);
        var g = randn_like(output.Value[0]);
        var expected = autograd.grad([output.Value], [x], [g.unsqueeze(0)])[0][0];
        Assert.True((output.Pullback(g) - expected).abs().max().item<double>() < 1e-13);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GridReadoutIsTheOneChannelConvolutionSummedOverTheGrid(int gridAxes)
    {
        manual_seed(5);
        var readout = PairNet.GridReadout(6, gridAxes);
        manual_seed(5);
        var convolution = PairNet.Conv1x1(6, 1, bias: false);
        Assert.Equal(0, (readout.Weight - convolution.Weight).abs().max().item<double>());
        long[] grid = gridAxes == 1 ? [7] : [4, 5];
        var x = randn([2, 3, 2, .. grid, 6], dtype: ScalarType.Float64).requires_grad_();
        var output = readout.Forward(x);
        var expected = PairNet.Sequential(convolution, PairNet.SumOver(gridAxes + 1)).Forward(x).Value;
        Assert.Equal(expected.shape, output.Value.shape);
        Assert.True((output.Value - expected).abs().max().item<double>() < 1e-13);

        var g = randn(3, 2, dtype: ScalarType.Float64);
        var pulledBack = output.Pullback(g);
        var byAutograd = autograd.grad([output.Value], [x], [g.unsqueeze(0).expand(2, 3, 2)])[0][0];
        Assert.True(pulledBack.is_contiguous());
        Assert.True((pulledBack - byAutograd).abs().max().item<double>() < 1e-14);
        Assert.Throws<ArgumentException>(() => readout.Forward(randn(2, 3, 5, dtype: ScalarType.Float64)));
    }

    [Fact]
    public void QuadraticFormIsSymmetricPositiveDefiniteAtAnyParameter()
    {
        var random = new Generator(4);
        var form = PairNet.QuadraticForm(4);
        Assert.True((form.Matrix() - eye(4, dtype: ScalarType.Float64)).abs().max().item<double>() < 1e-15);
        for (int draw = 0; draw < 20; draw++)
        {
            using var scope = NewDisposeScope();
            using (no_grad())
                foreach (var p in form.parameters()) p.copy_(randn(p.shape, dtype: p.dtype, generator: random) * 2);
            var w = form.Matrix().detach();
            Assert.True((w - w.t()).abs().max().item<double>() == 0);
            Assert.True(linalg.eigvalsh(w).min().item<double>() > 0);
            var x = randn(3, 4, dtype: ScalarType.Float64, generator: random);
            var value = form.Forward(x.unsqueeze(0)).Value[0];
            var expected = 0.5 * (x.matmul(w) * x).sum(-1);
            Assert.True((value - expected).abs().max().item<double>() < 1e-12 * (1 + expected.abs().max().item<double>()));
        }
    }

    [Fact]
    public void ReshapeReduceAndTakeFeaturesPullBackToInputShape()
    {
        var x = randn(2, 3, 4, 5, dtype: ScalarType.Float64);
        foreach (var (block, outShape) in new (PairModule, long[])[]
                 {
                     (PairNet.Flatten(2), [2, 3, 20]),
                     (PairNet.AddChannel(), [2, 3, 4, 5, 1]),
                     (new PairReshape(1, 5), [2, 3, 4, 5]),
                     (PairNet.SumOver(2), [2, 3]),
                     (PairNet.MeanOver(1), [2, 3, 4]),
                     (PairNet.TakeFeatures(1, 3), [2, 3, 4, 3]),
                 })
        {
            var output = block.Forward(x);
            Assert.Equal(outShape, output.Value.shape);
            var g = randn(outShape[1..], dtype: ScalarType.Float64);
            var back = output.Pullback(g);
            Assert.Equal(x.shape[1..], back.shape);
            // Linear blocks: <g, J x_u> = <J^T g, x_u>.
            Assert.Equal((g * output.Value[0]).sum().item<double>(), (back * x[0]).sum().item<double>(), 10);
        }
    }

    [Fact]
    public void MisuseFailsWithArgumentErrors()
    {
        var mlp = EnergyNetworks.Mlp(3, hidden: 4);
        var u = randn(5, 3, dtype: ScalarType.Float64);
        Assert.Throws<ArgumentException>(() => DiscreteGradient.Of(mlp, u, randn(5, 4, dtype: ScalarType.Float64)));
        Assert.Throws<ArgumentException>(() => DiscreteGradient.Of(mlp, u, u.to_type(ScalarType.Float32)));
        var noHead = PairNet.Sequential(PairNet.Linear(3, 2));
        Assert.Throws<ArgumentException>(() => DiscreteGradient.Of(noHead, u, u));
        Assert.Throws<ArgumentException>(() => PairNet.Conv1d(2, 3, 3).Forward(randn(2, 4, 8, 3, dtype: ScalarType.Float64)));
        Assert.Throws<ArgumentException>(() => PairNet.Conv1d(1, 3, 5).Forward(randn(2, 4, 3, 1, dtype: ScalarType.Float64)));
        Assert.Throws<ArgumentException>(() => PairNet.Tanh().Forward(randn(3, 4, dtype: ScalarType.Float64)));
        Assert.Throws<ArgumentException>(() => PairNet.Activation("swish"));
        Assert.Throws<ArgumentException>(() => PairNet.Product(PairNet.Linear(3, 2), PairNet.Linear(3, 4)).Forward(u.unsqueeze(0)));
        Assert.Throws<ArgumentException>(() => PairNet.Tanh().Forward(randn(2, 3, dtype: ScalarType.Float16)).Pullback(ones(3, dtype: ScalarType.Float16)));
    }
}
