using DGNet.Discrete;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Discrete;

/// <summary>The reference energy networks: architecture, initialisation, output shapes, float32 use.</summary>
public class EnergyNetworksTests
{
    public EnergyNetworksTests() => set_num_threads(1);

    private static void AssertOrthogonal(Tensor weight)
    {
        var w = weight.detach().reshape(weight.shape[0], -1);
        var gram = w.shape[0] <= w.shape[1] ? w.matmul(w.t()) : w.t().matmul(w);
        double deviation = (gram - eye(gram.shape[0], dtype: gram.dtype)).abs().max().item<double>();
        Assert.True(deviation < 1e-12, $"W Wᵀ deviates from I by {deviation:E3} for [{string.Join(", ", weight.shape)}]");
    }

    [Fact]
    public void MlpHasReferenceArchitectureAndInitialisation()
    {
        manual_seed(1);
        var net = EnergyNetworks.Mlp(4);
        var named = net.named_parameters().ToArray();
        Assert.Equal([[200L, 4L], [200L], [200L, 200L], [200L], [1L, 200L]], named.Select(p => p.parameter.shape).ToArray());
        foreach (var (name, p) in named)
        {
            if (p.dim() == 2) AssertOrthogonal(p);
            else Assert.Equal(0, p.abs().max().item<double>());
        }
        Assert.Equal([7L, 3L], DiscreteGradient.Energy(net, randn(7, 3, 4, dtype: ScalarType.Float64)).shape);
    }

    [Fact]
    public void GridNetworksHaveReferenceArchitectureAndSumOverTheGrid()
    {
        manual_seed(2);
        var oneD = EnergyNetworks.Grid1d(hidden: 16);
        Assert.Equal([[16L, 1L, 3L], [16L], [16L, 16L], [16L], [1L, 16L]], oneD.parameters().Select(p => p.shape).ToArray());
        foreach (var p in oneD.parameters()) if (p.dim() >= 2) AssertOrthogonal(p);
        var u = randn(5, 12, dtype: ScalarType.Float64);
        var h = DiscreteGradient.Energy(oneD, u);
        Assert.Equal([5L], h.shape);
        // Translation invariance of a periodic convolutional energy: shifting the field leaves H unchanged.
        Assert.True((DiscreteGradient.Energy(oneD, u.roll(3, -1)) - h).abs().max().item<double>() < 1e-12);

        var twoD = EnergyNetworks.Grid2d(hidden: 8);
        Assert.Equal([8L, 1L, 3L, 3L], twoD.parameters().First().shape);
        var field = randn(2, 3, 6, 7, dtype: ScalarType.Float64);
        var h2 = DiscreteGradient.Energy(twoD, field);
        Assert.Equal([2L, 3L], h2.shape);
        Assert.True((DiscreteGradient.Energy(twoD, field.roll([2, 5], [-2, -1])) - h2).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void SeparableEnergyIsKineticPlusPotential()
    {
        manual_seed(3);
        var h = EnergyNetworks.Separable(2, hidden: 8);
        var state = randn(6, 4, dtype: ScalarType.Float64);
        var q = state.narrow(-1, 0, 2);
        var p = state.narrow(-1, 2, 2);
        var expected = DiscreteGradient.Energy(h.Kinetic, p) + DiscreteGradient.Energy(h.Potential, q);
        Assert.True((DiscreteGradient.Energy(h, state) - expected).abs().max().item<double>() < 1e-14);
        var full = DiscreteGradient.Continuous(h, state).Gradient;
        Assert.True((full.narrow(-1, 2, 2) - DiscreteGradient.Continuous(h.Kinetic, p).Gradient).abs().max().item<double>() < 1e-14);
        Assert.True((full.narrow(-1, 0, 2) - DiscreteGradient.Continuous(h.Potential, q).Gradient).abs().max().item<double>() < 1e-14);
    }

    [Fact]
    public void Float32NetworksGiveFloat32DiscreteGradientsThatKeepTheChainRule()
    {
        manual_seed(4);
        var net = EnergyNetworks.Grid1d(hidden: 32, dtype: ScalarType.Float32);
        var u = randn(4, 20, dtype: ScalarType.Float32);
        var v = u + 0.1f * randn_like(u);
        var g = DiscreteGradient.Of(net, u, v);
        Assert.Equal(ScalarType.Float32, g.Gradient.dtype);
        var defect = (g.EnergyU - g.EnergyV - (g.Gradient * (u - v)).sum(-1)).abs();
        Assert.True((defect <= 1e-5 * (g.EnergyU.abs() + g.EnergyV.abs() + 1)).all().item<bool>());

        var converted = EnergyNetworks.Mlp(2, hidden: 8).to(ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, DiscreteGradient.Continuous(converted, randn(3, 2, dtype: ScalarType.Float32)).Gradient.dtype);
    }

    [Fact]
    public void SavedParametersLoadIntoAFreshNetwork()
    {
        var original = EnergyNetworks.Grid1d(hidden: 8);
        var structure = new DGNet.Structure.LearnedKernel(1, 3, DGNet.Structure.KernelConstraint.Dissipative);
        var u = randn(3, 10, dtype: ScalarType.Float64);
        string dir = Path.Combine(Path.GetTempPath(), $"dgnet-engine-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            original.save(Path.Combine(dir, "energy.bin"));
            structure.save(Path.Combine(dir, "structure.bin"));
            var restored = EnergyNetworks.Grid1d(hidden: 8);
            var restoredStructure = new DGNet.Structure.LearnedKernel(1, 3, DGNet.Structure.KernelConstraint.Dissipative);
            restored.load(Path.Combine(dir, "energy.bin"));
            restoredStructure.load(Path.Combine(dir, "structure.bin"));
            Assert.Equal(0, (DiscreteGradient.Energy(restored, u) - DiscreteGradient.Energy(original, u)).abs().max().item<double>());
            Assert.Equal(0, (restoredStructure.Kernel() - structure.Kernel()).abs().max().item<double>());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
