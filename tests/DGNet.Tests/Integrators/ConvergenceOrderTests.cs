using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.TestProblems;

namespace DGNet.Tests.Integrators;

/// <summary>Every fixed-step solver, driven through the registry and the rollout, shows its order when dt is halved.</summary>
public class ConvergenceOrderTests
{
    private const double EndTime = 2.0;

    public static TheoryData<string, int, double> Methods() => new()
    {
        { "euler", 1, 0.01 },
        { "midpoint", 2, 0.05 },
        { "rk4", 4, 0.1 },
        { "leapfrog", 2, 0.05 },
        { "leapfrog-dkd", 2, 0.05 },
        { "implicit-midpoint", 2, 0.05 },
        { "eq6", 2, 0.05 },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void OscillatorShowsTheOrder(string solver, int order, double dt)
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(3, 0.2, 1.0);
        AssertOrder(solver, order, dt, OscillatorDynamics(), u0, OscillatorExact(u0, EndTime));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void PendulumShowsTheOrder(string solver, int order, double dt)
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(3, 1.3, 2.3);
        var reference = new Dopri5(new Dopri5Options(1e-13, 1e-13)).Integrate(PendulumField, u0, 0, EndTime);
        AssertOrder(solver, order, dt, PendulumDynamics(), u0, reference);
    }

    private static void AssertOrder(string name, int order, double dt, Dynamics dynamics, Tensor u0, Tensor reference)
    {
        var solver = SolverRegistry.Create(name);
        Assert.Equal(order, solver.Order);
        var errors = new double[3];
        for (int level = 0; level < errors.Length; level++)
        {
            double h = dt / (1 << level);
            int steps = (int)Math.Round(EndTime / h);
            var result = Rollout.Run(solver.CreateStepMap(dynamics, h), u0, steps);
            errors[level] = MaxAbs(result.States.select(1, steps) - reference);
        }
        for (int level = 1; level < errors.Length; level++)
        {
            double measured = Math.Log2(errors[level - 1] / errors[level]);
            Assert.True(Math.Abs(measured - order) <= 0.3,
                $"{name}: order {measured:F3} between dt = {dt / (1 << (level - 1))} and its half (errors {string.Join(", ", errors)})");
        }
    }

    [Theory]
    [InlineData("euler")]
    [InlineData("midpoint")]
    [InlineData("rk4")]
    [InlineData("dopri5")]
    [InlineData("leapfrog")]
    [InlineData("leapfrog-dkd")]
    [InlineData("implicit-midpoint")]
    [InlineData("eq6")]
    public void Float32AgreesWithFloat64(string name)
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(4, 1.3, 2.3);
        var solver = SolverRegistry.Create(name, new Dopri5Options(1e-6, 1e-6));
        var double64 = Rollout.Run(solver.CreateStepMap(PendulumDynamics(), 0.05), u0, 20).States;
        var single = Rollout.Run(SolverRegistry.Create(name, new Dopri5Options(1e-6, 1e-6)).CreateStepMap(PendulumDynamics(), 0.05),
            u0.to_type(ScalarType.Float32), 20).States;
        Assert.Equal(ScalarType.Float32, single.dtype);
        Assert.True(MaxAbs(single.to_type(ScalarType.Float64) - double64) < 2e-5,
            $"{name}: float32 differs by {MaxAbs(single.to_type(ScalarType.Float64) - double64)}");
    }
}
