using BenchmarkDotNet.Attributes;
using DGNet.Integrators;
using static TorchSharp.torch;

namespace DGNet.Bench.Integrators;

/// <summary>One batched implicit Allen-Cahn step (10 trajectories on a periodic 1-D grid of 50, so dense Jacobians
/// are 50×50) solved by each Newton mode.</summary>
public class NewtonBenchmarks
{
    private Tensor u = null!;

    [Params(NewtonLinearSolver.Dense, NewtonLinearSolver.Gmres)]
    public NewtonLinearSolver Linear { get; set; }

    [Params(JacobianSource.Autograd, JacobianSource.FiniteDifference)]
    public JacobianSource Jacobian { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ToyProblems.UseOneThread();
        manual_seed(0);
        u = (0.8 * rand(10, 50, dtype: ScalarType.Float64) - 0.4).DetachFromDisposeScope();
    }

    [Benchmark]
    public void Grid50Batch10()
    {
        using var scope = NewDisposeScope();
        NewtonSolver.Solve(ToyProblems.AllenCahnStep(u, 0.1), u, NewtonOptions.Default with { Linear = Linear, Jacobian = Jacobian });
    }
}
