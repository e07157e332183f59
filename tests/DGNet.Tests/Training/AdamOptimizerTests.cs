using DGNet.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DGNet.Tests.Training;

/// <summary>Our Adam takes the same steps as TorchSharp's (libtorch's) Adam, and its state restores exactly.</summary>
public class AdamOptimizerTests
{
    private static (Parameter A, Parameter B) Parameters(long seed)
    {
        manual_seed(seed);
        return (nn.Parameter(randn(3, 4, dtype: ScalarType.Float64)), nn.Parameter(randn(5, dtype: ScalarType.Float64)));
    }

    private static Tensor Loss(Parameter a, Parameter b, int step) =>
        (a.matmul(a.t()).sin().sum() + (b * step).exp().sum()) * (1 + 0.1 * step);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-2)]
    public void StepsAgreeWithLibtorchsAdam(double weightDecay)
    {
        var (a1, b1) = Parameters(1);
        var (a2, b2) = Parameters(1);
        using var ours = new AdamOptimizer([("a", a1), ("b", b1)], 0.05, weightDecay);
        var theirs = torch.optim.Adam([a2, b2], lr: 0.05, weight_decay: weightDecay);
        for (int step = 1; step <= 6; step++)
        {
            ours.ZeroGrad();
            Loss(a1, b1, step).backward();
            ours.Step();
            theirs.zero_grad();
            Loss(a2, b2, step).backward();
            theirs.step();
        }
        Assert.Equal(6, ours.StepCount);
        Assert.True((a1 - a2).abs().max().item<double>() <= 1e-14, "parameter a differs");
        Assert.True((b1 - b2).abs().max().item<double>() <= 1e-14, "parameter b differs");
    }

    [Fact]
    public void RestoredStateContinuesBitForBit()
    {
        var (a1, b1) = Parameters(2);
        using var first = new AdamOptimizer([("a", a1), ("b", b1)], 0.05, 1e-3);
        for (int step = 1; step <= 3; step++)
        {
            first.ZeroGrad();
            Loss(a1, b1, step).backward();
            first.Step();
        }
        var (a2, b2) = Parameters(3);
        using (no_grad())
        {
            a2.copy_(a1);
            b2.copy_(b1);
        }
        using var second = new AdamOptimizer([("a", a2), ("b", b2)], 0.05, 1e-3);
        second.Restore(first.StepCount, first.StateTensors().ToDictionary(s => s.Name, s => s.Value.clone()));
        foreach (var (optimizer, a, b) in new[] { (first, a1, b1), (second, a2, b2) })
        {
            optimizer.ZeroGrad();
            Loss(a, b, 4).backward();
            optimizer.Step();
        }
        Assert.Equal(0, (a1 - a2).abs().max().item<double>());
        Assert.Equal(0, (b1 - b2).abs().max().item<double>());
        var missing = Assert.Throws<InvalidDataException>(() => second.Restore(1, new Dictionary<string, Tensor>()));
        Assert.Equal("the checkpoint lacks the optimizer state 'adam_m:a'", missing.Message);
    }
}
