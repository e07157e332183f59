using System.Text.Json;
using DGNet.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Systems;

/// <summary>
/// Makes a ground-truth <see cref="Dataset"/> for a system: samples initial states, simulates them with the system's
/// structure-preserving scheme (in float64 on the CPU), and stores the states (with optional Gaussian noise), the
/// exact time derivatives and energies of the clean states, the split and every generating parameter.
/// </summary>
public static class DatasetGenerator
{
    /// <summary>Generates the dataset described by <paramref name="settings"/>.</summary>
    /// <param name="system">The system to simulate.</param>
    /// <param name="settings">Sizes, time step, seed, noise and split; usually the system's defaults, adjusted.</param>
    /// <param name="progress">Receives the fraction of the simulation done, from 0 to 1.</param>
    /// <param name="cancellation">Checked between time steps.</param>
    /// <exception cref="ArgumentException">A setting is impossible (checked before any work).</exception>
    /// <exception cref="SimulationFailedException">The solver could not advance a trajectory.</exception>
    public static Dataset Generate(PhysicalSystem system, GenerationSettings settings, IProgress<double>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (settings.Box is not null) InitialBox.CheckApplies(system);
        using var scope = NewDisposeScope();
        using var generator = new Generator(unchecked((ulong)settings.Seed));
        var initial = settings.Box is { } box
            ? box.Sample(settings.Trajectories, generator, ScalarType.Float64, CPU)
            : settings.Sampler switch
            {
                GenerationSettings.ReferenceSampler => system.SampleReferenceInitialStates(settings.Trajectories, settings.Seed),
                GenerationSettings.ReferenceSeedsSampler => cat(Enumerable.Range(0, settings.Trajectories)
                    .Select(i => system.SampleReferenceInitialStates(1, settings.Seed + i)).ToArray()),
                _ => system.SampleInitialStates(settings.Trajectories, generator, ScalarType.Float64, CPU),
            };
        var clean = system.Simulate(initial, settings.Steps, settings.Dt, progress, cancellation);

        var states = clean.flatten(0, 1);
        var energy = system.Energy(states).reshape(settings.Trajectories, settings.Steps + 1);
        var dudt = system.RightHandSide(states).reshape(clean.shape);
        var stored = settings.Noise > 0
            ? clean + settings.Noise * randn(clean.shape, dtype: ScalarType.Float64, generator: generator)
            : clean;

        var split = new sbyte[settings.Trajectories];
        bool testsFirst = settings.Sampler == GenerationSettings.ReferenceSeedsSampler
                          || (settings.Sampler == GenerationSettings.ReferenceSampler && system.ReferenceTestsFirst);
        int firstTest = testsFirst ? 0 : settings.Trajectories - settings.TestTrajectories;
        for (int i = firstTest; i < firstTest + settings.TestTrajectories; i++) split[i] = 1;
        return Dataset.Create(stored, settings.Dt, dudt, energy, system.GridSpacing, split, system.Name,
            DescribeParameters(system, settings));
    }

    /// <summary>The JSON stored as the dataset's <c>params</c>: everything needed to generate it again.</summary>
    public static string DescribeParameters(PhysicalSystem system, GenerationSettings settings)
    {
        var description = new Dictionary<string, object>
        {
            ["system"] = system.Name,
            ["structure"] = system.Structure.Name,
            ["friction"] = system.Structure.Friction,
            ["state_shape"] = system.StateShape,
            ["system_parameters"] = system.Parameters,
            ["trajectories"] = settings.Trajectories,
            ["steps"] = settings.Steps,
            ["dt"] = settings.Dt,
            ["seed"] = settings.Seed,
            ["noise"] = settings.Noise,
            ["test_fraction"] = settings.TestFraction,
            ["test_trajectories"] = settings.TestTrajectories,
            ["ground_truth"] = system.DescribeGroundTruth(settings.Dt),
            ["initial_states"] = "first time point; the sampler of the system with the seed above",
        };
        if (settings.Box is { } box)
        {
            description["initial_states"] = $"first time point; {box} (magnitude uniform, sign random) with the seed above";
            description["initial_box"] = new[] { box.Low, box.High };
        }
        if (settings.Sampler is { } sampler)
        {
            description["initial_states"] = "first time point; the reference code's sampler, NumPy's legacy stream seeded with the seed above";
            description["sampler"] = sampler;
        }
        return JsonSerializer.Serialize(description);
    }
}
