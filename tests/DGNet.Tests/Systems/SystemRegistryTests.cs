using DGNet.Systems;

namespace DGNet.Tests.Systems;

public class SystemRegistryTests
{
    [Fact]
    public void KnowsTheIssuesSystems()
    {
        Assert.Equal(["mass-spring", "pendulum", "two-body", "damped-mass-spring", "damped-pendulum", "kdv", "cahn-hilliard", "cahn-hilliard-2d"],
            SystemRegistry.Names);
        Assert.IsType<KdV>(SystemRegistry.Create("KdV"));
        Assert.Equal(0.05, ((HamiltonianSystem)SystemRegistry.Create("damped-mass-spring")).Friction);
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => SystemRegistry.Create("wave"));
        Assert.Contains("'wave'", error.Message);
        foreach (var name in SystemRegistry.Names) Assert.Contains(name, error.Message);
    }

    [Fact]
    public void GridAppliesToFieldsOnly()
    {
        Assert.Equal([64L, 64L], SystemRegistry.Create("cahn-hilliard-2d", 64).StateShape);
        Assert.Equal([20L], SystemRegistry.Create("kdv", 20).StateShape);
        Assert.Throws<ArgumentException>(() => SystemRegistry.Create("kdv", 2));
        Assert.Contains("no grid", Assert.Throws<ArgumentException>(() => SystemRegistry.Create("pendulum", 10)).Message);
    }
}
