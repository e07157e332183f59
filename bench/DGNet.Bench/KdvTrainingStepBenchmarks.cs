using BenchmarkDotNet.Attributes;
using DGNet.Discrete;
using DGNet.Structure;
using static TorchSharp.torch;

namespace DGNet.Bench;

/// <summary>
/// The KdV DGNet training step of the reference experiments: batch of 200 pairs on a periodic grid of 50 points
/// (width 10, dt = 1e-3), the 1-D convolutional energy with widths 200, G = D, float64, Adam; about 7 GFLOP.
/// Explicit discrete pass (fused tanh pullbacks; and with every slope differentiated by autograd) against libtorch
/// double backward.
/// <c>dotnet run -c Release --project bench/DGNet.Bench -- --filter '*KdvTrainingStep*'</c>
/// </summary>
[Config(typeof(InProcessStepConfig))]
public class KdvTrainingStepBenchmarks
{
    private EnergyTrainingStep _step = null!;
    private EnergyTrainingStep _autogradSlopes = null!;

    [GlobalSetup]
    public void Setup()
    {
        HeapTuning.KeepFreedMemory();
        set_num_threads(Environment.ProcessorCount);
        manual_seed(0);
        const int batch = 200, grid = 50;
        const double width = 10, dt = 1e-3;
        double dx = width / grid;
        var (u0, u1) = Solitons(batch, grid, dx, dt);
        _step = new EnergyTrainingStep(EnergyNetworks.Grid1d(200), PeriodicStencil.CentralDifference(dx), u0, u1, dt);
        var autogradSlopes = PairNet.Sequential(PairNet.AddChannel(), PairNet.Conv1d(1, 200, 3), new PairElementwise(new ExactTanh()),
            PairNet.Conv1x1(200, 200), new PairElementwise(new ExactTanh()), PairNet.Conv1x1(200, 1, false), PairNet.SumOver(2));
        _autogradSlopes = new EnergyTrainingStep(autogradSlopes, PeriodicStencil.CentralDifference(dx), u0, u1, dt);
    }

    /// <summary>Two KdV solitons 2k²sech²(k(x - x₀)) per sample, k ~ U(0.5, 2), and the same moved by c·dt (c = 4k²).</summary>
    private static (Tensor U0, Tensor U1) Solitons(int batch, int grid, double dx, double dt)
    {
        var x = arange(grid, dtype: ScalarType.Float64) * dx;
        Tensor Field(Tensor k, Tensor x0) => 2 * k.square() * (k * (x - x0)).cosh().pow(-2);
        var u0 = zeros(batch, grid, dtype: ScalarType.Float64);
        var u1 = zeros(batch, grid, dtype: ScalarType.Float64);
        for (int s = 0; s < 2; s++)
        {
            var k = 0.5 + 1.5 * rand(batch, 1, dtype: ScalarType.Float64);
            var x0 = rand(batch, 1, dtype: ScalarType.Float64) * grid * dx;
            u0 += Field(k, x0);
            u1 += Field(k, x0 + 4 * k.square() * dt);
        }
        return (u0, u1);
    }

    [Benchmark(Baseline = true, Description = "libtorch double backward")]
    public double DoubleBackward() => _step.DoubleBackward();

    [Benchmark(Description = "explicit discrete pass")]
    public double ExplicitDiscretePass() => _step.Discrete();

    [Benchmark(Description = "explicit pass, autograd slopes")]
    public double ExplicitPassWithAutogradSlopes() => _autogradSlopes.Discrete();
}
