using DGNet.Data;
using DGNet.Models;
using DGNet.Reproduction;
using DGNet.Training;
using static TorchSharp.torch;

namespace DGNet.Tests.Training;

/// <summary>How --structure auto and explicit choices become a concrete G, and what does not fit the data.</summary>
public class ModelSetupTests
{
    private static Dataset Unnamed(long[] state, double? dx)
    {
        using var scope = NewDisposeScope();
        return Dataset.Create(randn([3, 4, .. state], dtype: ScalarType.Float64), 0.1, dx: dx);
    }

    [Fact]
    public void AutoTakesTheStructureOfTheDatasetsSystem()
    {
        Assert.Equal("canonical", ModelSetup.Resolve(TinyData.Spring, "auto", false));
        Assert.Equal("friction", ModelSetup.Resolve(TinyData.DampedSpring, "auto", false));
        Assert.Equal("d", ModelSetup.Resolve(TinyData.KdV, "auto", false));
        Assert.Equal("d2", ModelSetup.Resolve(TinyData.CahnHilliard, "auto", false));
        Assert.Equal("d2", ModelSetup.Resolve(TinyData.CahnHilliard2d, "auto", false));
        Assert.Equal("friction", ModelSetup.Resolve(TinyData.Spring, "auto", true));
        Assert.Equal("learned-skew", ModelSetup.Resolve(TinyData.KdV, "Learned-Skew", false));
    }

    [Fact]
    public void DataOfUnknownOriginGetCanonicalOrALearnedKernel()
    {
        using var ode = Unnamed([4], null);
        using var field = Unnamed([6], 0.5);
        using var grid = Unnamed([5, 6], 0.5);
        Assert.Equal("canonical", ModelSetup.Resolve(ode, "auto", false));
        Assert.Equal("learned", ModelSetup.Resolve(field, "auto", false));
        Assert.Equal("learned", ModelSetup.Resolve(grid, "auto", false));
        var spec = ModelSetup.Spec(field, new ModelChoices("dgnet", Hidden: 4));
        Assert.Equal([6L], spec.StateShape);
        Assert.Equal((0.1, 0.5, "learned", (string?)null), (spec.Dt, spec.Dx, spec.Structure, spec.System));
    }

    [Fact]
    public void ChoicesThatDoNotFitTheDataAreRefusedNamingTheOption()
    {
        using var odd = Unnamed([3], null);
        Assert.Equal("--structure canonical: needs states (q, p) of even length, the data's states have length 3",
            Assert.Throws<ArgumentException>(() => ModelSetup.Resolve(odd, "auto", false)).Message);
        Assert.Equal("--structure d2: acts on fields on a grid, but the data holds ODE states (it has no dx)",
            Assert.Throws<ArgumentException>(() => ModelSetup.Resolve(TinyData.Spring, "d2", false)).Message);
        Assert.Equal("--structure canonical: needs ODE states (q, p), but the data holds fields (it has dx)",
            Assert.Throws<ArgumentException>(() => ModelSetup.Resolve(TinyData.KdV, "canonical", false)).Message);
        Assert.Equal("--friction: applies to the canonical structure of ODE states (q, p), not to 'd'",
            Assert.Throws<ArgumentException>(() => ModelSetup.Resolve(TinyData.KdV, "auto", true)).Message);
        Assert.StartsWith("--structure: unknown structure 'skew' (known: auto, canonical, friction, d, d2, learned",
            Assert.Throws<ArgumentException>(() => ModelSetup.Resolve(TinyData.KdV, "skew", false)).Message);
        Assert.StartsWith("--structure: srnn needs the canonical structure S of ODE states (q, p); this data would use 'friction'",
            Assert.Throws<ArgumentException>(() => ModelSetup.Spec(TinyData.DampedSpring, new ModelChoices("srnn"))).Message);
        Assert.Equal("--friction: a neural ODE has no structure G to add friction to",
            Assert.Throws<ArgumentException>(() => ModelSetup.Spec(TinyData.Spring, new ModelChoices("node", Friction: true))).Message);
        Assert.Equal("--model: unknown model 'lstm' (known: dgnet, hnn, node, srnn)",
            Assert.Throws<ArgumentException>(() => ModelSetup.Spec(TinyData.Spring, new ModelChoices("lstm"))).Message);
    }

    [Fact]
    public void DataOfAnotherShapeGridOrStepDoNotFitAModel()
    {
        var spec = ModelSetup.Spec(TinyData.KdV, new ModelChoices("dgnet", Hidden: 4));
        Assert.Equal("the data: states of shape [20], but the model is for states [24]",
            Assert.Throws<InvalidDataException>(() => ModelSetup.CheckFits(spec, TinyData.CahnHilliard)).Message);
        Assert.Equal("the data: holds ODE states (no dx), but the model is for fields on a grid with dx 0.4166666666666667",
            Assert.Throws<InvalidDataException>(() => ModelSetup.CheckFits(spec with { StateShape = [2] }, TinyData.Spring)).Message);
        Assert.StartsWith("the data: time step dt 0.001 differs from the model's 0.002",
            Assert.Throws<InvalidDataException>(() => ModelSetup.CheckFits(spec with { Dt = 0.002 }, TinyData.KdV)).Message);
        ModelSetup.CheckFits(spec, TinyData.KdV);
    }

    [Fact]
    public void KernelOrderReachesTheSpecAndIsLeftOutOfTheJsonAtZero()
    {
        var plain = ModelSetup.Spec(TinyData.CahnHilliard2d, new ModelChoices("dgnet", "learned", Hidden: 4));
        var scaled = ModelSetup.Spec(TinyData.CahnHilliard2d, new ModelChoices("dgnet", "learned", Hidden: 4, KernelOrder: 2));
        Assert.Equal((0, 2), (plain.KernelOrder, scaled.KernelOrder));
        // Specs and configuration keys written before the option existed stay as they were.
        Assert.DoesNotContain("kernel_order", plain.ToJson());
        Assert.DoesNotContain("kernel_order", ConfigurationKey.Json(new ModelChoices("dgnet", "learned")));
        Assert.Contains("kernel_order", ConfigurationKey.Json(new ModelChoices("dgnet", "learned", KernelOrder: 2)));
        Assert.Equal(scaled, ModelSpec.FromJson(scaled.ToJson()) with { StateShape = scaled.StateShape });
        Assert.Equal(2, ModelSpec.FromJson(scaled.ToJson()).KernelOrder);
        Assert.Equal(0, ModelSpec.FromJson(plain.ToJson()).KernelOrder);
    }

    [Fact]
    public void KernelOrderIsRefusedWhereThereIsNoLearnedKernelOnAGrid()
    {
        Assert.Equal("--kernel-order: only a learned kernel on a grid has units to choose (structure 'd2')",
            Assert.Throws<ArgumentException>(() => ModelSetup.Spec(TinyData.CahnHilliard2d, new ModelChoices("dgnet", KernelOrder: 2))).Message);
        Assert.Equal("--kernel-order: only a learned kernel on a grid has units to choose (structure 'canonical', ODE states)",
            Assert.Throws<ArgumentException>(() => ModelSetup.Spec(TinyData.Spring, new ModelChoices("hnn", KernelOrder: 1))).Message);
        Assert.Equal("--kernel-order: the order of a grid operator, 0 to 4 (got 5)",
            Assert.Throws<ArgumentException>(() => ModelSetup.Spec(TinyData.KdV, new ModelChoices("dgnet", "learned", KernelOrder: 5))).Message);
    }
}
