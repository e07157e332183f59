using BenchmarkDotNet.Attributes;
using DGNet.Benchmarks;
using DGNet.Discrete;
using DGNet.Structure;
using static TorchSharp.torch;

namespace DGNet.Bench;

/// <summary>
/// The KdV DGNet training step of workload train-dgnet-kdv, on the same data (the first 200 train pairs of
/// <see cref="BenchData.KdV"/>): the 1-D convolutional energy with widths 200, G = D, float64, Adam; about 7 GFLOP.
/// Explicit discrete pass (fused tanh pullbacks; and with every slope differentiated by autograd) against libtorch
/// double backward.
/// <c>dotnet run -c Release --project bench/DGNet.Bench -- --filter '*KdvTrainingStep*'</c>
/// </summary>
[RunOncePerIteration]
[WarmupCount(3)]
[IterationCount(15)]
public class KdvTrainingStepBenchmarks
{
    private EnergyTrainingStep _step = null!;
    private EnergyTrainingStep _autogradSlopes = null!;

    [GlobalSetup]
    public void Setup()
    {
        HeapTuning.KeepFreedMemory();
        set_num_threads(Environment.ProcessorCount);
        var data = BenchData.KdV;
        using var pairs = BenchData.TrainPairs(data, ScalarType.Float64);
        var u0 = pairs.U0.narrow(0, 0, 200).clone();
        var u1 = pairs.U1.narrow(0, 0, 200).clone();
        double dx = data.Dx!.Value;
        manual_seed(0);
        _step = new EnergyTrainingStep(EnergyNetworks.Grid1d(200), PeriodicStencil.CentralDifference(dx), u0, u1, data.Dt);
        var autogradSlopes = PairNet.Sequential(PairNet.AddChannel(), PairNet.Conv1d(1, 200, 3), new PairElementwise(new ExactTanh()),
            PairNet.Conv1x1(200, 200), new PairElementwise(new ExactTanh()), PairNet.Conv1x1(200, 1, false), PairNet.SumOver(2));
        _autogradSlopes = new EnergyTrainingStep(autogradSlopes, PeriodicStencil.CentralDifference(dx), u0, u1, data.Dt);
    }

    [Benchmark(Baseline = true, Description = "libtorch double backward")]
    public double DoubleBackward() => _step.DoubleBackward();

    [Benchmark(Description = "explicit discrete pass")]
    public double ExplicitDiscretePass() => _step.Discrete();

    [Benchmark(Description = "explicit pass, autograd slopes")]
    public double ExplicitPassWithAutogradSlopes() => _autogradSlopes.Discrete();
}
