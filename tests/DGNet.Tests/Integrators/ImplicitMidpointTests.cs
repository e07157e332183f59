using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.TestProblems;

namespace DGNet.Tests.Integrators;

public class ImplicitMidpointTests
{
    [Fact]
    public void ConservesTheQuadraticOscillatorEnergyExactly()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(3, 0.1, 1.0);
        var states = Rollout.Run(new ImplicitMidpoint().CreateStepMap(OscillatorDynamics(), 0.3), u0, 500).States;
        var energy = OscillatorEnergy(states);
        Assert.True(MaxAbs(energy / energy.select(1, 0).unsqueeze(1) - 1) < 1e-13);
    }

    [Theory]
    [InlineData(JacobianSource.Autograd, NewtonLinearSolver.Dense)]
    [InlineData(JacobianSource.FiniteDifference, NewtonLinearSolver.Dense)]
    [InlineData(JacobianSource.Autograd, NewtonLinearSolver.Gmres)]
    [InlineData(JacobianSource.FiniteDifference, NewtonLinearSolver.Gmres)]
    public void EveryNewtonModeSolvesTheSameStep(JacobianSource source, NewtonLinearSolver linear)
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(4, 1.3, 2.3);
        var reference = new ImplicitMidpoint(NewtonOptions.Default with { ReuseJacobian = false }).Step(PendulumField, u0, 0.2);
        var stats = new SolverStats();
        var u1 = new ImplicitMidpoint(NewtonOptions.Default with { Jacobian = source, Linear = linear }).Step(PendulumField, u0, 0.2, stats);
        Assert.True(MaxAbs(u1 - reference) < 1e-14, $"difference {MaxAbs(u1 - reference):e3}");
        var residual = u1 - u0 - 0.2 * PendulumField((u0 + u1) / 2);
        Assert.True(MaxAbs(residual) < 1e-14, $"residual {MaxAbs(residual):e3}");
        if (linear == NewtonLinearSolver.Gmres) Assert.True(stats.LinearIterations > 0);
        else Assert.True(stats.JacobianEvaluations > 0);
    }

    [Fact]
    public void NoRootReportsTheTrajectoriesWithoutNaNs()
    {
        using var scope = NewDisposeScope();
        // du/dt = u²: the implicit midpoint equation has a real root only while 2·dt·u ≤ 1.
        var u0 = tensor(new[] { 0.1, 1.0, 0.2, 0.9 }).unsqueeze(1);
        var failure = Assert.Throws<NewtonFailedException>(() =>
            new ImplicitMidpoint(NewtonOptions.Default with { MaxIterations = 20 }).Step(u => u.square(), u0, 1.0));
        Assert.Equal(new[] { 1, 3 }, failure.Trajectories.OrderBy(t => t));
        Assert.All(failure.Residuals, r => Assert.True(double.IsFinite(r) && r > 0.01));
    }
}
