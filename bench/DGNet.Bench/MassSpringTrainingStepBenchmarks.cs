using BenchmarkDotNet.Attributes;
using DGNet.Benchmarks;
using DGNet.Discrete;
using DGNet.Structure;
using static TorchSharp.torch;

namespace DGNet.Bench;

/// <summary>
/// The mass-spring DGNet training step of workloads train-dgnet-spring-f32/-f64, on the same data (the 2475 train
/// pairs of <see cref="BenchData.MassSpring"/>, full batch): the MLP energy 2 → 200 → 200 → 1 with tanh, canonical G,
/// Adam, in float32 (as the reference) and float64. Explicit discrete pass against libtorch double backward.
/// <c>dotnet run -c Release --project bench/DGNet.Bench -- --filter '*MassSpring*'</c>
/// </summary>
[RunOncePerIteration]
[WarmupCount(3)]
[IterationCount(15)]
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
        var data = BenchData.MassSpring;
        var pairs = BenchData.TrainPairs(data, DType);
        manual_seed(0);
        _step = new EnergyTrainingStep(EnergyNetworks.Mlp(2, dtype: DType), new CanonicalSymplectic(1), pairs.U0, pairs.U1, data.Dt);
    }

    [Benchmark(Baseline = true, Description = "libtorch double backward")]
    public double DoubleBackward() => _step.DoubleBackward();

    [Benchmark(Description = "explicit discrete pass")]
    public double ExplicitDiscretePass() => _step.Discrete();
}
