using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Systems;

public class HamiltonianSystemTests
{
    [Fact]
    public void MassSpringAndPendulumStatesLieOnThePapersRings()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        var spring = new MassSpring().SampleInitialStates(500, generator, ScalarType.Float64, CPU).norm(1);
        Assert.True(spring.min().item<double>() >= 0.1 && spring.max().item<double>() <= 1.0);
        Assert.True(spring.min().item<double>() < 0.15 && spring.max().item<double>() > 0.95);
        var pendulum = new Pendulum();
        var states = pendulum.SampleInitialStates(500, generator, ScalarType.Float64, CPU);
        var radius = states.norm(1);
        Assert.True(radius.min().item<double>() >= 1.3 && radius.max().item<double>() <= 2.3);
        // Every pendulum orbit swings: energy below the separatrix H = 6.
        Assert.True(pendulum.Energy(states).max().item<double>() < 6);
    }

    [Fact]
    public void FrictionNamesTheDampedVariantAndItsStructure()
    {
        var damped = new Pendulum(0.05);
        Assert.Equal("damped-pendulum", damped.Name);
        Assert.Equal(StructureSpec.WithFriction(0.05), damped.Structure);
        Assert.Equal(0, damped.DefaultSettings.Noise);
        Assert.Equal(StructureSpec.Canonical, new MassSpring().Structure);
        Assert.Equal(new GenerationSettings(50, 99, 20.0 / 99, 0.1, 0.5), new MassSpring().DefaultSettings);
        Assert.Throws<ArgumentException>(() => new MassSpring(-0.1));
    }

    [Fact]
    public void TwoBodyOrbitsAreNearCircularWithZeroMomentum()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        var system = new TwoBody();
        var u = system.SampleInitialStates(400, generator, ScalarType.Float64, CPU);
        Assert.Equal([400L, 8L], u.shape);
        Assert.Equal(0, SystemCases.MaxAbs(u[.., 0..2] + u[.., 2..4]), 15);
        Assert.Equal(0, SystemCases.MaxAbs(u[.., 4..6] + u[.., 6..8]), 15);
        // Circular orbits have H = -1/(4r); the speed noise of 5% moves H by about 10% of that, and all stay bound.
        var r = u[.., 0..2].norm(1);
        var circular = -0.25 / r;
        var relative = (system.Energy(u) - circular) / circular.abs();
        Assert.True(system.Energy(u).max().item<double>() < 0);
        Assert.True(relative.abs().max().item<double>() < 0.5);
        Assert.InRange(relative.std().item<double>(), 0.05, 0.2);
        // Velocities are perpendicular to positions.
        Assert.Equal(0, SystemCases.MaxAbs((u[.., 0..2] * u[.., 4..6]).sum(1)), 14);
    }

    [Fact]
    public void TheTwoBodyReferenceSamplerDrawsTheReferenceCodesOrbits()
    {
        // The reference's random_config() after np.random.seed(0), run 1000 times (NumPy 1.24): body 1's position and
        // velocity for orbits 0, 1, 2 and 999, bit for bit (orbit 1 takes the normal value orbit 0's draw kept).
        using var scope = NewDisposeScope();
        var u = new TwoBody().SampleReferenceInitialStates(1000, seed: 0);
        Assert.Equal([1000L, 8L], u.shape);
        double[] Body1(int orbit) => [.. u[orbit, 0..2].data<double>(), .. u[orbit, 4..6].data<double>()];
        Assert.Equal([1.0488135039273248, 1.2151893663724196, -0.3133762445806374, 0.2704707975740104], Body1(0));
        Assert.Equal([0.9236547993389047, 1.1458941130666562, -0.3568297681273588, 0.28762476752391825], Body1(1));
        Assert.Equal([0.9375872112626925, 1.3917730007820799, -0.31846005728684795, 0.21453504044290958], Body1(2));
        Assert.Equal([1.2354093600258587, 1.2378812839173015, -0.2646730465593546, 0.26414452121874954], Body1(999));
        // Body 2 opposite; body 1 starts in the first quadrant at distance √0.5 to √4.5 from the centre.
        Assert.Equal(0, SystemCases.MaxAbs(u[.., 0..4].reshape(-1, 2, 2).sum(1)), 15);
        Assert.Equal(0, SystemCases.MaxAbs(u[.., 4..8].reshape(-1, 2, 2).sum(1)), 15);
        Assert.True(u[.., 0..2].min().item<double>() >= 0.5 && u[.., 0..2].max().item<double>() < 1.5);
        var r = u[.., 0..2].norm(1);
        Assert.True(r.min().item<double>() >= Math.Sqrt(0.5) && r.max().item<double>() < Math.Sqrt(4.5));
    }
}
