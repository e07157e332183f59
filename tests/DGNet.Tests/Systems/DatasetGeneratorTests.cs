using System.Text.Json;
using DGNet.Data;
using DGNet.Systems;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Tests.Systems;

public class DatasetGeneratorTests
{
    private static readonly GenerationSettings Small = new(Trajectories: 5, Steps: 12, Dt: 0.1, Noise: 0, TestFraction: 0.4, Seed: 7);

    [Fact]
    public void TwoBodyDataFromTheReferenceSamplerAreSplitAsTheReferenceSplitsThem()
    {
        // The reference tests on its first fifth of 2-body orbits; the KdV reference sampler and the own samplers keep
        // the last trajectories for testing.
        using var reference = DatasetGenerator.Generate(new TwoBody(), Small with { Sampler = GenerationSettings.ReferenceSampler, Seed = 0 });
        Assert.Equal([1, 1, 0, 0, 0], reference.Split.Select(s => (int)s));
        using (var expected = new TwoBody().SampleReferenceInitialStates(5, 0))
            Assert.True(reference.U[.., 0].equal(expected).all().item<bool>());
        using var own = DatasetGenerator.Generate(new TwoBody(), Small);
        Assert.Equal([0, 0, 0, 1, 1], own.Split.Select(s => (int)s));
        using var kdv = DatasetGenerator.Generate(new KdV(), Small with { Sampler = GenerationSettings.ReferenceSampler, Steps = 1, Dt = 1e-3 });
        Assert.Equal([0, 0, 0, 1, 1], kdv.Split.Select(s => (int)s));
    }

    [Fact]
    public void TheReferenceSeedsSamplerStartsEachTrajectoryFromItsOwnSeedsFirstDraw()
    {
        // The reference measures 2-body energy errors on random_config() after np.random.seed(i), i = 0..14. Orbit 7
        // (seed 7) against NumPy 1.24's draw, bit for bit; the test trajectories come first.
        using var orbits = DatasetGenerator.Generate(new TwoBody(), Small with { Trajectories = 10, Sampler = GenerationSettings.ReferenceSeedsSampler, Seed = 0, Steps = 1 });
        using var scope = NewDisposeScope();
        var first = orbits.U[.., 0];
        Assert.Equal([0.5763082893739572, 1.2799187922401147, -0.4173393858375798, 0.1879151622732892],
            [.. first[7, 0..2].data<double>(), .. first[7, 4..6].data<double>()]);
        for (int i = 0; i < 10; i++)
            Assert.True(first[i].equal(new TwoBody().SampleReferenceInitialStates(1, i)[0]).all().item<bool>());
        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], orbits.Split.Select(s => (int)s));
        Assert.Throws<ArgumentException>(() => DatasetGenerator.Generate(new Pendulum(), Small with { Sampler = GenerationSettings.ReferenceSeedsSampler }));
    }

    [Fact]
    public void StoresStatesDerivativesEnergiesSplitAndParameters()
    {
        var system = new Pendulum();
        using var dataset = DatasetGenerator.Generate(system, Small);
        Assert.Equal([5L, 13L, 2L], dataset.U.shape);
        Assert.Equal(0.1, dataset.Dt);
        Assert.Null(dataset.Dx);
        Assert.Equal("pendulum", dataset.System);
        Assert.Equal([0, 0, 0, 1, 1], dataset.Split.Select(s => (int)s));

        using var scope = NewDisposeScope();
        var states = dataset.U.flatten(0, 1);
        Assert.True((dataset.DuDt!.flatten(0, 1) - system.RightHandSide(states)).abs().max().item<double>() == 0);
        Assert.True((dataset.Energy!.flatten() - system.Energy(states)).abs().max().item<double>() == 0);
        // The first time point is the sampler's draw with the seed.
        using var generator = new Generator(7);
        Assert.True(dataset.U[.., 0].equal(system.SampleInitialStates(5, generator, ScalarType.Float64, CPU)).all().item<bool>());

        using var json = JsonDocument.Parse(dataset.Params!);
        var root = json.RootElement;
        Assert.Equal(7, root.GetProperty("seed").GetInt64());
        Assert.Equal(12, root.GetProperty("steps").GetInt32());
        Assert.Equal(0.1, root.GetProperty("dt").GetDouble());
        Assert.Equal("canonical", root.GetProperty("structure").GetString());
        Assert.Equal("dopri5", root.GetProperty("ground_truth").GetProperty("method").GetString());
        Assert.Equal(1.3, root.GetProperty("system_parameters").GetProperty("min_radius").GetDouble());
    }

    [Fact]
    public void AnInitialBoxReplacesTheSystemsSamplerAndIsRecorded()
    {
        var system = new MassSpring();
        var settings = Small with { Box = InitialBox.Reference };
        using var boxed = DatasetGenerator.Generate(system, settings);
        using var again = DatasetGenerator.Generate(system, settings);
        using var ring = DatasetGenerator.Generate(system, Small);
        using var scope = NewDisposeScope();
        var first = boxed.U[.., 0];
        Assert.True(first.abs().min().item<double>() >= 0.2 && first.abs().max().item<double>() <= 1.0);
        using var generator = new Generator(7);
        Assert.True(first.equal(InitialBox.Reference.Sample(5, generator, ScalarType.Float64, CPU)).all().item<bool>());
        Assert.True(boxed.U.equal(again.U).all().item<bool>());
        Assert.False(boxed.U.equal(ring.U).all().item<bool>());
        // Still the system's exact flow: energy conserved along each trajectory to the ground truth's tolerance.
        var energy = boxed.Energy!;
        Assert.True((energy - energy[.., 0..1]).abs().max().item<double>() < 1e-9);

        using var json = JsonDocument.Parse(boxed.Params!);
        var root = json.RootElement;
        Assert.Equal([0.2, 1.0], root.GetProperty("initial_box").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Contains("±[0.2, 1] per coordinate", root.GetProperty("initial_states").GetString());
        using var ringJson = JsonDocument.Parse(ring.Params!);
        Assert.False(ringJson.RootElement.TryGetProperty("initial_box", out _));
    }

    [Fact]
    public void TheReferenceSamplerStartsFromTheReferenceStatesAndIsRecorded()
    {
        var system = new KdV();
        var settings = new GenerationSettings(4, 3, 1e-3, 0, 0.25, Seed: 1, Sampler: GenerationSettings.ReferenceSampler);
        using var data = DatasetGenerator.Generate(system, settings);
        using var scope = NewDisposeScope();
        Assert.True(data.U[.., 0].equal(system.SampleReferenceInitialStates(4, 1)).all().item<bool>());
        // Still the system's scheme: the discrete energy is conserved to the ground truth's tolerance.
        var energy = data.Energy!;
        Assert.True((energy - energy[.., 0..1]).abs().max().item<double>() < 1e-9 * energy.abs().max().item<double>());
        using var json = JsonDocument.Parse(data.Params!);
        Assert.Equal("reference", json.RootElement.GetProperty("sampler").GetString());
        Assert.Contains("reference code's sampler", json.RootElement.GetProperty("initial_states").GetString());
        Assert.Throws<ArgumentException>(() => DatasetGenerator.Generate(new MassSpring(), Small with { Sampler = GenerationSettings.ReferenceSampler }));
    }

    [Fact]
    public void AnInitialBoxIsRefusedForASystemWithMoreThanOneDegreeOfFreedom()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DatasetGenerator.Generate(new TwoBody(), Small with { Box = InitialBox.Reference }));
        Assert.Contains("one degree of freedom", error.Message);
    }

    [Fact]
    public void NoiseGoesOnTheStoredStatesOnly()
    {
        var system = new MassSpring();
        using var clean = DatasetGenerator.Generate(system, Small);
        using var noisy = DatasetGenerator.Generate(system, Small with { Noise = 0.1 });
        using var scope = NewDisposeScope();
        var noise = noisy.U - clean.U;
        Assert.InRange(noise.std().item<double>(), 0.08, 0.12);
        Assert.InRange(noise.mean().item<double>(), -0.03, 0.03);
        // Derivatives and energies describe the clean states.
        Assert.True(noisy.DuDt!.equal(clean.DuDt!).all().item<bool>());
        Assert.True(noisy.Energy!.equal(clean.Energy!).all().item<bool>());
    }

    [Fact]
    public void SameSeedSameData()
    {
        var system = new CahnHilliard(grid: 8);
        var settings = Small with { Dt = 1e-4, Steps = 3 };
        using var first = DatasetGenerator.Generate(system, settings);
        using var second = DatasetGenerator.Generate(system, settings);
        using var other = DatasetGenerator.Generate(system, settings with { Seed = 8 });
        Assert.True(first.U.equal(second.U).all().item<bool>());
        Assert.False(first.U.equal(other.U).all().item<bool>());
        Assert.Equal(first.Params, second.Params);
    }

    [Fact]
    public void FieldsCarryTheirGridSpacingAndSurviveTheFileRoundTrip()
    {
        var system = new CahnHilliard(2, grid: 6);
        using var dataset = DatasetGenerator.Generate(system, Small with { Dt = 1e-4, Steps = 4 });
        Assert.Equal(system.Dx, dataset.Dx);
        Assert.Equal([5L, 5L, 6L, 6L], dataset.U.shape);
        string path = TempFiles.Path("ch2d.npz");
        dataset.Save(path);
        using var loaded = Dataset.Load(path);
        Assert.True(loaded.U.equal(dataset.U).all().item<bool>());
        Assert.Equal("cahn-hilliard-2d", loaded.System);
        Assert.Equal(dataset.Split, loaded.Split);
    }

    [Fact]
    public void ReportsProgressUpToCompletion()
    {
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports.Add);
        using var dataset = DatasetGenerator.Generate(new KdV(grid: 10), Small with { Dt = 1e-3, Steps = 6 }, progress);
        Assert.Equal(6, reports.Count);
        Assert.Equal(1.0, reports[^1], 12);
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First < pair.Second));
    }

    [Fact]
    public void ImpossibleSettingsFailBeforeAnyWork()
    {
        var progress = new SynchronousProgress(_ => throw new InvalidOperationException("work started"));
        Assert.Throws<ArgumentException>(() => DatasetGenerator.Generate(new KdV(), Small with { Dt = -1 }, progress));
        Assert.Throws<ArgumentException>(() => DatasetGenerator.Generate(new KdV(), Small with { Trajectories = 0 }, progress));
    }

    /// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
