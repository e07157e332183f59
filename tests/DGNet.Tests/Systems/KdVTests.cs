using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Systems;

public class KdVTests
{
    [Fact]
    public void EnergyIsThePapersDiscreteSum()
    {
        using var scope = NewDisposeScope();
        var system = new KdV(grid: 9, width: 3);
        var u = SystemCases.States(system, 2);
        var energy = system.Energy(u);
        for (int b = 0; b < 2; b++)
        {
            var values = u[b].data<double>().ToArray();
            int m = values.Length;
            double dx = 3.0 / 9, sum = 0;
            for (int i = 0; i < m; i++)
            {
                double forward = (values[(i + 1) % m] - values[i]) / dx, backward = (values[i] - values[(i + m - 1) % m]) / dx;
                // -(a/6) u³ - (b/2) ½((δ⁺u)² + (δ⁻u)²) with a = -6, b = 1.
                sum += (values[i] * values[i] * values[i] - 0.5 * 0.5 * (forward * forward + backward * backward)) * dx;
            }
            Assert.Equal(sum, energy[b].item<double>(), 1e-12 * Math.Abs(sum));
        }
    }

    [Fact]
    public void InitialStatesAreTwoSeparatedSolitonsWithinTheAmplitudeRange()
    {
        using var scope = NewDisposeScope();
        var system = new KdV();
        using var generator = new Generator(3);
        var u = system.SampleInitialStates(200, generator, ScalarType.Float64, CPU);
        Assert.Equal([200L, 50L], u.shape);
        Assert.True(u.min().item<double>() > 0);
        // Peaks 2k² with k in [0.5, 2): the maximum lies within [0.5, 8] (plus the other soliton's small tail).
        var peak = u.max(1).values;
        Assert.True(peak.min().item<double>() >= 0.5 && peak.max().item<double>() <= 8.1);
        // Exactly two local maxima on the periodic grid whenever both solitons are resolved (k below 1.5 here).
        var isPeak = (u > u.roll(1, 1)).logical_and(u > u.roll(-1, 1));
        var peaks = isPeak.sum(1, type: ScalarType.Int64).data<long>().ToArray();
        Assert.True(peaks.All(p => p is 1 or 2), $"peak counts: {string.Join(",", peaks.Distinct())}");
        Assert.True(peaks.Count(p => p == 2) > 150);
        // Mass of a soliton: ∫ 2k² sech²(k x) dx = 4k, so Σu dx lies in [2 · 4 · 0.5, 2 · 4 · 2].
        var mass = u.sum(1) * system.Dx;
        Assert.True(mass.min().item<double>() > 4 - 1e-6 && mass.max().item<double>() < 16 + 1e-6);
    }

    [Fact]
    public void TheReferenceSamplerDrawsTheReferenceCodesStates()
    {
        // Values of the reference code's generator after np.random.seed(1) (NumPy 1.24): state 0 as drawn, state 3
        // its first mirrored one.
        using var scope = NewDisposeScope();
        var u = new KdV().SampleReferenceInitialStates(100, seed: 1);
        Assert.Equal([100L, 50L], u.shape);
        Assert.Equal(0.10987145218734809, u[0, 0].item<double>(), 1e-14);
        Assert.Equal(2.5356894746968828, u[0, 10].item<double>(), 1e-14);
        Assert.Equal(2.832728037638021, u[0, 22].item<double>(), 1e-14);
        Assert.Equal(25, u[0].argmax().item<long>());
        Assert.Equal(0.026342368278876198, u[3, 0].item<double>(), 1e-14);
        Assert.Equal(1.8835339769361783, u[3, 10].item<double>(), 1e-14);
        Assert.Equal(0.03760554099210821, u[3, 25].item<double>(), 1e-14);
        Assert.Equal(0.003141131896570967, u[3, 49].item<double>(), 1e-14);
        // A different seed, different states; the same seed, the same ones.
        Assert.False(u.allclose(new KdV().SampleReferenceInitialStates(100, seed: 2)));
        Assert.True(u.equal(new KdV().SampleReferenceInitialStates(100, seed: 1)).all().item<bool>());
    }

    [Fact]
    public void DefaultsAreThePapers()
    {
        var system = new KdV();
        Assert.Equal(50, system.Grid);
        Assert.Equal(0.2, system.Dx, 15);
        Assert.Equal(StructureSpec.CentralDifference, system.Structure);
        Assert.Equal(new GenerationSettings(100, 500, 1e-3, 0, 0.1), system.DefaultSettings);
        Assert.Throws<ArgumentException>(() => new KdV(grid: 2));
    }
}
