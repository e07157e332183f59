using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Systems;

/// <summary>Furihata's discrete variational derivative: chain rule, consistency, and the residual's analytic Jacobian.</summary>
public class DiscreteVariationalSchemeTests
{
    public static TheoryData<string> Fields => new("kdv", "cahn-hilliard", "cahn-hilliard-2d");

    [Theory]
    [MemberData(nameof(Fields))]
    public void DiscreteChainRuleHoldsExactly(string name)
    {
        using var scope = NewDisposeScope();
        var system = (FieldSystem)SystemCases.Small(name);
        var u = SystemCases.States(system, 5, seed: 1);
        var v = SystemCases.States(system, 5, seed: 2);
        var difference = system.Energy(u) - system.Energy(v);
        var product = (system.DiscreteVariationalDerivative(u, v) * (u - v)).flatten(1).sum(1) * system.CellVolume;
        double scale = SystemCases.MaxAbs(system.Energy(u)) + SystemCases.MaxAbs(system.Energy(v));
        Assert.True(SystemCases.MaxAbs(difference - product) <= 1e-13 * scale,
            $"{name}: H(u) - H(v) - dvd·(u - v) = {SystemCases.MaxAbs(difference - product):e3}");
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void DiscreteDerivativeOfEqualStatesIsTheVariationalDerivative(string name)
    {
        using var scope = NewDisposeScope();
        var system = (FieldSystem)SystemCases.Small(name);
        var u = SystemCases.States(system, 3);
        var expected = system.VariationalDerivative(u);
        Assert.True(SystemCases.MaxAbs(system.DiscreteVariationalDerivative(u, u) - expected) <= 1e-13 * SystemCases.MaxAbs(expected));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void JacobianMatchesAutograd(string name)
    {
        using var scope = NewDisposeScope();
        var system = (FieldSystem)SystemCases.Small(name);
        using var scheme = system.CreateScheme(dt: 1e-3, ScalarType.Float64, CPU);
        var current = SystemCases.States(system, 3, seed: 4);
        var next = SystemCases.States(system, 3, seed: 5).requires_grad_();
        var residual = scheme.Residual(next, current).flatten(1);
        int n = system.Size;
        // Row i of each trajectory's Jacobian: trajectories are independent, so one backward pass per output index.
        var rows = new Tensor[n];
        for (int i = 0; i < n; i++)
            rows[i] = torch.autograd.grad([residual[.., i].sum()], [next], retain_graph: true)[0].flatten(1);
        var expected = stack(rows, 1);

        var jacobian = scheme.Jacobian(next.detach(), current);
        Assert.Equal([3L, n, n], jacobian.shape);
        Assert.True(SystemCases.MaxAbs(jacobian - expected) <= 1e-12 * SystemCases.MaxAbs(expected),
            $"{name}: max |J - autograd J| = {SystemCases.MaxAbs(jacobian - expected):e3}");
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void ResidualVanishesOnlyWhereTheSchemeHolds(string name)
    {
        // F(next) = (next - current)/dt - G dvd(next, current): check against the definition with the dense G.
        using var scope = NewDisposeScope();
        var system = (FieldSystem)SystemCases.Small(name);
        const double dt = 2e-3;
        using var scheme = system.CreateScheme(dt, ScalarType.Float64, CPU);
        var current = SystemCases.States(system, 2, seed: 6);
        var next = SystemCases.States(system, 2, seed: 7);
        var g = tensor(SystemCases.StructureMatrix(system), dtype: ScalarType.Float64);
        var expected = (next - current).flatten(1) / dt - system.DiscreteVariationalDerivative(next, current).flatten(1).matmul(g.t());
        var residual = scheme.Residual(next, current).flatten(1);
        Assert.True(SystemCases.MaxAbs(residual - expected) <= 1e-12 * SystemCases.MaxAbs(expected));
    }

    [Fact]
    public void SchemeRejectsImpossibleTimeSteps()
    {
        var system = new KdV(grid: 8);
        Assert.Throws<ArgumentException>(() => system.CreateScheme(0, ScalarType.Float64, CPU));
        Assert.Throws<ArgumentException>(() => system.CreateScheme(double.NaN, ScalarType.Float64, CPU));
    }
}
