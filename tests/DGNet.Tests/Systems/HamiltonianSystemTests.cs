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
}
