using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Systems;

/// <summary>Properties every system must have: du/dt = G ∇H against autograd, shapes, dtypes, energy laws.</summary>
public class PhysicalSystemTests
{
    public static TheoryData<string> Names => SystemCases.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void RightHandSideIsStructureTimesAutogradGradientOfEnergy(string name)
    {
        using var scope = NewDisposeScope();
        var system = SystemCases.Small(name);
        var u = SystemCases.States(system, 4).requires_grad_();
        var energy = system.Energy(u);
        var gradient = torch.autograd.grad([energy.sum()], [u])[0].detach().flatten(1);
        // For fields ∇H is the variational derivative: the gradient of the discrete energy per cell volume.
        if (system is FieldSystem field) gradient /= field.CellVolume;
        var g = tensor(SystemCases.StructureMatrix(system), dtype: ScalarType.Float64);
        var expected = gradient.matmul(g.t()).reshape(u.shape);

        var rhs = system.RightHandSide(u.detach());
        double scale = SystemCases.MaxAbs(expected);
        Assert.True(SystemCases.MaxAbs(rhs - expected) <= 1e-12 * scale,
            $"{name}: max |rhs - G grad H| = {SystemCases.MaxAbs(rhs - expected):e3}, scale {scale:e3}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EnergyRateFollowsTheStructure(string name)
    {
        // dH/dt = ∇H · G ∇H: zero for skew G, at most zero with friction or the Laplacian.
        using var scope = NewDisposeScope();
        var system = SystemCases.Small(name);
        var u = SystemCases.States(system, 6).requires_grad_();
        var gradient = torch.autograd.grad([system.Energy(u).sum()], [u])[0].detach();
        var rate = (gradient * system.RightHandSide(u.detach())).flatten(1).sum(1);
        double scale = SystemCases.MaxAbs(gradient.flatten(1).norm(1) * system.RightHandSide(u.detach()).flatten(1).norm(1));
        if (system.Structure.Name is "canonical" or "d")
            Assert.True(SystemCases.MaxAbs(rate) <= 1e-12 * scale, $"{name}: dH/dt = {SystemCases.MaxAbs(rate):e3}");
        else
            Assert.True(rate.max().item<double>() <= 1e-12 * scale, $"{name}: dH/dt = {rate.max().item<double>():e3} > 0");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void WorksInFloat32AndKeepsTheDtype(string name)
    {
        using var scope = NewDisposeScope();
        var system = SystemCases.Small(name);
        var u64 = SystemCases.States(system, 3);
        var u32 = u64.to(ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, system.Energy(u32).dtype);
        Assert.Equal(ScalarType.Float32, system.RightHandSide(u32).dtype);
        var rhs64 = system.RightHandSide(u64);
        double error = SystemCases.MaxAbs(system.RightHandSide(u32).to(ScalarType.Float64) - rhs64);
        Assert.True(error <= 1e-4 * SystemCases.MaxAbs(rhs64), $"{name}: float32 differs by {error:e3}");
        using var generator = new Generator(3);
        Assert.Equal(ScalarType.Float32, system.SampleInitialStates(2, generator, ScalarType.Float32, CPU).dtype);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ShapesFollowTheStateShape(string name)
    {
        using var scope = NewDisposeScope();
        var system = SystemCases.Small(name);
        using var generator = new Generator(5);
        var u = system.SampleInitialStates(7, generator, ScalarType.Float64, CPU);
        Assert.Equal([7L, .. system.StateShape], u.shape);
        Assert.Equal([7L], system.Energy(u).shape);
        Assert.Equal(u.shape, system.RightHandSide(u).shape);
        Assert.Throws<ArgumentException>(() => system.Energy(u.unsqueeze(1)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SamplerIsDeterministicGivenTheSeed(string name)
    {
        using var scope = NewDisposeScope();
        var system = SystemCases.Small(name);
        using var first = new Generator(11);
        using var second = new Generator(11);
        using var other = new Generator(12);
        var a = system.SampleInitialStates(5, first, ScalarType.Float64, CPU);
        Assert.True(a.equal(system.SampleInitialStates(5, second, ScalarType.Float64, CPU)).all().item<bool>());
        Assert.False(a.equal(system.SampleInitialStates(5, other, ScalarType.Float64, CPU)).all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DefaultsAreValidAndParametersDescribeTheSystem(string name)
    {
        var system = SystemRegistry.Create(name);
        system.DefaultSettings.Validate();
        Assert.Equal(name, system.Name);
        Assert.NotEmpty(system.Parameters);
        Assert.Equal(system is FieldSystem, system.GridSpacing is not null);
    }
}
