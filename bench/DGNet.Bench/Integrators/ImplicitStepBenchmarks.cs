using BenchmarkDotNet.Attributes;
using DGNet.Integrators;
using static TorchSharp.torch;

namespace DGNet.Bench.Integrators;

/// <summary>
/// Rollouts of the implicit steps on the pendulum with the shape of the mass-spring prediction benchmark:
/// 15 trajectories × 99 steps of dt = 0.2. Divide by 1485 for the time per trajectory-step.
/// </summary>
public class ImplicitStepBenchmarks
{
    private Tensor u0 = null!;

    [Params(ScalarType.Float64, ScalarType.Float32)]
    public ScalarType DType { get; set; }

    [Params(JacobianSource.Autograd, JacobianSource.FiniteDifference)]
    public JacobianSource Jacobian { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ToyProblems.UseOneThread();
        u0 = ToyProblems.PendulumStates(15, DType).DetachFromDisposeScope();
    }

    [Benchmark]
    public void DiscreteGradient15x99()
    {
        using var scope = NewDisposeScope();
        var step = new DiscreteGradientStep(NewtonOptions.Default with { Jacobian = Jacobian })
            .CreateStepMap(new Dynamics(discreteField: ToyProblems.PendulumDiscreteField), 0.2);
        Rollout.Run(step, u0, 99);
    }

    [Benchmark]
    public void ImplicitMidpoint15x99()
    {
        using var scope = NewDisposeScope();
        var step = new ImplicitMidpoint(NewtonOptions.Default with { Jacobian = Jacobian })
            .CreateStepMap(new Dynamics(ToyProblems.PendulumField), 0.2);
        Rollout.Run(step, u0, 99);
    }
}
