using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.TestProblems;

namespace DGNet.Tests.Integrators;

public class SolverRegistryTests
{
    [Fact]
    public void EveryNameAndAliasCreatesTheNamedSolver()
    {
        foreach (var name in SolverRegistry.Names)
            Assert.Equal(name, SolverRegistry.Create(name).Name);
        Assert.Equal("midpoint", SolverRegistry.Create("rk2").Name);
        Assert.Equal("dopri5", SolverRegistry.Create("DP").Name);
        Assert.Equal("eq6", SolverRegistry.Create("discrete-gradient").Name);
        Assert.Equal(new[] { 1, 2, 4, 5, 2, 2, 2, 2 }, SolverRegistry.Names.Select(n => SolverRegistry.Create(n).Order));
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => SolverRegistry.Create("rk45"));
        Assert.Contains("unknown solver 'rk45'", error.Message);
        foreach (var name in SolverRegistry.Names) Assert.Contains(name, error.Message);
    }

    [Fact]
    public void SolversSayWhatTheDynamicsLack()
    {
        var fieldOnly = new Dynamics(OscillatorField);
        var leapfrog = Assert.Throws<ArgumentException>(() => SolverRegistry.Create("leapfrog").CreateStepMap(fieldOnly, 0.1));
        Assert.Contains("separable", leapfrog.Message);
        var eq6 = Assert.Throws<ArgumentException>(() => SolverRegistry.Create("eq6").CreateStepMap(fieldOnly, 0.1));
        Assert.Contains("discrete gradient", eq6.Message);
        Assert.Throws<ArgumentException>(() => new Dynamics());
    }

    [Fact]
    public void MissingVectorFieldIsDerived()
    {
        using var scope = NewDisposeScope();
        var u = InitialStates(3, 0.5, 2.0);
        var fromDiscrete = new Dynamics(discreteField: (next, current) => PendulumDiscreteField(next, current));
        var fromSeparable = new Dynamics(separable: new SeparableGradients(q => 3 * q.sin(), p => 2 * p));
        Assert.True(MaxAbs(fromDiscrete.Field(u) - PendulumField(u)) < 1e-15);
        Assert.True(MaxAbs(fromSeparable.Field(u) - PendulumField(u)) < 1e-15);
    }
}
