using BenchmarkDotNet.Attributes;
using DGNet.Discrete;
using DGNet.Structure;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Bench;

/// <summary>
/// The mass-spring DGNet training step of the reference experiments: the full batch of 2475 pairs (25 trajectories
/// × 99 steps, dt = 20/99), the MLP energy 2 → 200 → 200 → 1 with tanh, canonical G, Adam; float32 (as the
/// reference) and float64. Explicit discrete pass against libtorch double backward.
/// <c>dotnet run -c Release --project bench/DGNet.Bench -- --filter '*MassSpring*'</c>
/// </summary>
[Config(typeof(InProcessStepConfig))]
public class MassSpringTrainingStepBenchmarks
{
    private EnergyTrainingStep _step = null!;

    [Params(ScalarType.Float32, ScalarType.Float64)]
    public ScalarType DType { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        HeapTuning.KeepFreedMemory();
        set_num_threads(Environment.ProcessorCount);
        manual_seed(0);
        const int pairs = 2475;
        const double dt = 20.0 / 99;
        var radius = 0.1 + 0.9 * rand(pairs, 1, dtype: ScalarType.Float64);
        var phase = 2 * Math.PI * rand(pairs, 1, dtype: ScalarType.Float64);
        // Harmonic oscillator q' = p, p' = -q: the pair is the state and the state rotated by dt.
        var u0 = cat([radius * phase.cos(), radius * phase.sin()], 1).to_type(DType);
        var u1 = cat([radius * (phase - dt).cos(), radius * (phase - dt).sin()], 1).to_type(DType);
        var energy = EnergyNetworks.Mlp(2, dtype: DType);
        _step = new EnergyTrainingStep(energy, new CanonicalSymplectic(1), u0, u1, dt);
    }

    [Benchmark(Baseline = true, Description = "libtorch double backward")]
    public double DoubleBackward() => _step.DoubleBackward();

    [Benchmark(Description = "explicit discrete pass")]
    public double ExplicitDiscretePass() => _step.Discrete();
}
