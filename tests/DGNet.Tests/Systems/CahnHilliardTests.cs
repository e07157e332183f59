using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Systems;

public class CahnHilliardTests
{
    [Fact]
    public void EnergyIsThePapersDiscreteSumIn1D()
    {
        using var scope = NewDisposeScope();
        var system = new CahnHilliard(1, grid: 7, width: 2, gamma: 0.01);
        var u = SystemCases.States(system, 2);
        for (int b = 0; b < 2; b++)
        {
            var v = u[b].data<double>().ToArray();
            int m = v.Length;
            double dx = 2.0 / 7, sum = 0;
            for (int i = 0; i < m; i++)
            {
                double forward = (v[(i + 1) % m] - v[i]) / dx, backward = (v[i] - v[(i + m - 1) % m]) / dx;
                sum += (-0.5 * v[i] * v[i] + 0.25 * Math.Pow(v[i], 4) + 0.01 / 2 * 0.5 * (forward * forward + backward * backward)) * dx;
            }
            Assert.Equal(sum, system.Energy(u)[b].item<double>(), 1e-13 * Math.Abs(sum));
        }
    }

    [Fact]
    public void EnergyIsTheTwoDimensionalAnalogue()
    {
        using var scope = NewDisposeScope();
        var system = new CahnHilliard(2, grid: 4, width: 1.5, gamma: 0.02);
        var u = SystemCases.States(system, 1);
        var v = u[0];
        const int m = 4;
        double dx = 1.5 / m, sum = 0;
        double At(int y, int x) => v[(y + m) % m, (x + m) % m].item<double>();
        for (int y = 0; y < m; y++)
        for (int x = 0; x < m; x++)
        {
            double c = At(y, x);
            double gradients = Math.Pow(At(y, x + 1) - c, 2) + Math.Pow(c - At(y, x - 1), 2)
                               + Math.Pow(At(y + 1, x) - c, 2) + Math.Pow(c - At(y - 1, x), 2);
            sum += (-0.5 * c * c + 0.25 * Math.Pow(c, 4) + 0.02 / 2 * 0.5 * gradients / (dx * dx)) * dx * dx;
        }
        Assert.Equal(sum, system.Energy(u)[0].item<double>(), 1e-13 * Math.Abs(sum));
    }

    [Fact]
    public void InitialStatesAreSmallUniformNoise()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(8);
        var u = new CahnHilliard(2).SampleInitialStates(10, generator, ScalarType.Float64, CPU);
        Assert.Equal([10L, 32L, 32L], u.shape);
        Assert.True(u.abs().max().item<double>() <= 0.05);
        // Mean near 0 and variance near 0.05² / 3 over 10 240 draws.
        Assert.Equal(0, u.mean().item<double>(), 2e-3);
        Assert.Equal(0.05 * 0.05 / 3, u.var().item<double>(), 5e-5);
    }

    [Fact]
    public void TheReferenceSamplerDrawsTheReferenceCodesStatesIn1DOnly()
    {
        // (np.random.rand(1, 1, 50) - 0.5) * 0.1 per state after np.random.seed(0) (NumPy 1.24).
        using var scope = NewDisposeScope();
        var u = new CahnHilliard().SampleReferenceInitialStates(100, seed: 0);
        Assert.Equal([100L, 50L], u.shape);
        Assert.Equal(0.0048813503927324755, u[0, 0].item<double>());
        Assert.Equal(0.021518936637241949, u[0, 1].item<double>());
        Assert.Equal(0.007019677041787964, u[1, 0].item<double>());
        Assert.Equal(0.04585931029863482, u[99, 49].item<double>());
        Assert.Contains("1-D", Assert.Throws<ArgumentException>(() => new CahnHilliard(dimensions: 2).SampleReferenceInitialStates(1, 0)).Message);
        Assert.Contains("kdv", Assert.Throws<ArgumentException>(() => new MassSpring().SampleReferenceInitialStates(1, 0)).Message);
    }

    [Fact]
    public void DefaultsFollowTheDimension()
    {
        var line = new CahnHilliard();
        Assert.Equal(("cahn-hilliard", 50, 0.0005, 0.02), (line.Name, line.Grid, line.Gamma, line.Dx));
        Assert.Equal(new GenerationSettings(100, 500, 1e-4, 0, 0.1), line.DefaultSettings);
        var square = new CahnHilliard(2);
        Assert.Equal(("cahn-hilliard-2d", 32, 0.001), (square.Name, square.Grid, square.Gamma));
        Assert.Equal([32L, 32L], square.StateShape);
        Assert.Equal(StructureSpec.Laplacian, square.Structure);
        Assert.Throws<ArgumentException>(() => new CahnHilliard(3));
        Assert.Throws<ArgumentException>(() => new CahnHilliard(1, gamma: -1));
    }
}
