using BenchmarkDotNet.Attributes;
using DGNet.Integrators;
using static TorchSharp.torch;

namespace DGNet.Bench.Integrators;

/// <summary>One implicit Allen-Cahn step on a 64×64 grid (4096 unknowns, 4 trajectories) by Jacobian-free
/// Newton-Krylov, where a dense Jacobian would take 4096² entries per trajectory.</summary>
public class NewtonKrylovGridBenchmarks
{
    private Tensor u = null!;

    [Params(JacobianSource.Autograd, JacobianSource.FiniteDifference)]
    public JacobianSource Jacobian { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ToyProblems.UseOneThread();
        manual_seed(0);
        u = (0.2 * rand(4, 64, 64, dtype: ScalarType.Float64) - 0.1).DetachFromDisposeScope();
    }

    [Benchmark]
    public void Grid64x64Batch4()
    {
        using var scope = NewDisposeScope();
        NewtonSolver.Solve(ToyProblems.AllenCahnStep(u, 0.05), u,
            NewtonOptions.Default with { Linear = NewtonLinearSolver.Gmres, Jacobian = Jacobian });
    }
}
