using BenchmarkDotNet.Attributes;
using DGNet.Integrators;
using static TorchSharp.torch;

namespace DGNet.Bench.Integrators;

/// <summary>Adaptive Dormand-Prince on 15 pendulum trajectories over [0, 20] with 100 output times: at the
/// reference tolerances (rtol 1e-7, atol 1e-9) in both dtypes, and at ground-truth tolerances in float64.</summary>
public class Dopri5Benchmarks
{
    private Tensor u0 = null!;
    private readonly double[] times = Enumerable.Range(0, 100).Select(i => 20.0 * i / 99).ToArray();

    [Params("float64 rtol 1e-7", "float32 rtol 1e-7", "float64 rtol 1e-10")]
    public string Case { get; set; } = "float64 rtol 1e-7";

    private double Tolerance => Case.EndsWith("1e-10") ? 1e-10 : 1e-7;

    [GlobalSetup]
    public void Setup()
    {
        ToyProblems.UseOneThread();
        u0 = ToyProblems.PendulumStates(15, Case.StartsWith("float32") ? ScalarType.Float32 : ScalarType.Float64)
            .DetachFromDisposeScope();
    }

    [Benchmark]
    public void Pendulum15Trajectories()
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        new Dopri5(new Dopri5Options(Tolerance, Tolerance * 1e-2)).Solve(ToyProblems.PendulumField, u0, times);
    }
}
