using DGNet.Benchmarks;
using DGNet.Discrete;
using DGNet.Models;
using static TorchSharp.torch;

namespace DGNet.Tests.Benchmarks;

/// <summary>The FLOP estimates against products counted by hand (2 FLOPs per multiply-add).</summary>
public class FlopCountTests
{
    [Fact]
    public void MlpForwardCountsEveryDenseProduct()
    {
        // 3 → 5 → 5 → 1 on 7 states: 7 · 2 · (3·5 + 5·5 + 5·1).
        using var mlp = EnergyNetworks.Mlp(3, hidden: 5);
        Assert.Equal(7 * 2 * (15 + 25 + 5), FlopCount.Forward(mlp, [3], 7));
    }

    [Fact]
    public void GridNetworksCountEveryGridPointAndTap()
    {
        // 1-D: 4 samples of 10 points; conv 1 → 6 with 3 taps, 1x1 6 → 6, 1x1 6 → 1.
        using var grid1d = EnergyNetworks.Grid1d(hidden: 6);
        Assert.Equal(4 * 10 * 2 * (3 * 6 + 36 + 6), FlopCount.Forward(grid1d, [10], 4));
        // 2-D: 2 samples of 5 × 7 points; conv 1 → 6 with 3 × 3 taps.
        using var grid2d = EnergyNetworks.Grid2d(hidden: 6);
        Assert.Equal(2 * 35 * 2 * (9 * 6 + 36 + 6), FlopCount.Forward(grid2d, [5, 7], 2));
    }

    [Fact]
    public void SeparableEnergiesCountBothHalves()
    {
        using var separable = EnergyNetworks.Separable(2, hidden: 4);
        double half = 3 * 2 * (2 * 4 + 4 * 4 + 4 * 1);
        Assert.Equal(2 * half, FlopCount.Forward(separable, [4], 3));
    }

    [Fact]
    public void TheKdVTrainingStepIsAboutSevenGflop()
    {
        // The figure: batch 200 on a grid of 50, widths 200. Forward F = 10⁴ points · 2 · (3·200 + 200² + 200);
        // discrete gradient 3F (pair forward 2F, pullback F); training step ×3.
        var spec = new ModelSpec { Model = "dgnet", StateShape = [50], Dt = 1e-3, Dx = 0.2, Structure = "d" };
        using var model = (EnergyModel)PhysicsModels.Create(spec);
        double forward = 200 * 50 * 2.0 * (600 + 40000 + 200);
        Assert.Equal(forward, FlopCount.Forward(model.EnergyNetwork, [50], 200));
        Assert.Equal(9 * forward, FlopCount.EnergyTrainingStep(model, 200, discrete: true));
        Assert.Equal(7.344e9, FlopCount.EnergyTrainingStep(model, 200, discrete: true), 1e-3);
        // Through a solver with 6 field evaluations: 6 continuous gradients (2F each), ×3.
        Assert.Equal(36 * forward, FlopCount.EnergyTrainingStep(model, 200, discrete: false, fieldEvaluations: 6));
    }

    [Fact]
    public void UnknownBlocksAreRefused()
    {
        using var net = PairNet.Sequential(new OpaqueBlock());
        Assert.Throws<NotSupportedException>(() => FlopCount.Forward(net, [3], 1));
    }

    private sealed class OpaqueBlock() : PairModule(nameof(OpaqueBlock))
    {
        public override PairOutput Forward(Tensor x) => new(x, g => g);
    }
}
