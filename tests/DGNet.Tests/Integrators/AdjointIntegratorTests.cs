using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.AdjointProblems;

namespace DGNet.Tests.Integrators;

/// <summary>Options, the forward solution, and failures of the backward pass of <see cref="AdjointIntegrator"/>.</summary>
public class AdjointIntegratorTests
{
    [Theory]
    [InlineData("dopri5", AdjointMethod.Continuous)]
    [InlineData("DP", AdjointMethod.Continuous)]
    [InlineData("rk2", AdjointMethod.Discrete)]
    [InlineData("rk4", AdjointMethod.Discrete)]
    [InlineData("euler", AdjointMethod.Discrete)]
    public void TheDefaultMethodIsContinuousForDopri5AndDiscreteForFixedSteps(string solver, AdjointMethod expected)
    {
        var adjoint = new AdjointIntegrator(new AdjointOptions(solver));
        Assert.Equal(expected, adjoint.Method);
        Assert.Equal(SolverRegistry.Canonical(solver), adjoint.Solver);
    }

    [Theory]
    [InlineData("leapfrog")]
    [InlineData("implicit-midpoint")]
    [InlineData("eq6")]
    [InlineData("no-such-solver")]
    public void SolversWithoutAnAdjointAreRejected(string solver)
    {
        var error = Assert.Throws<ArgumentException>(() => new AdjointIntegrator(new AdjointOptions(solver)));
        Assert.Contains(solver, error.Message);
    }

    [Fact]
    public void SettingsOutOfRangeAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new AdjointIntegrator(new AdjointOptions("rk4", StepsPerInterval: 0)));
        Assert.Throws<ArgumentException>(() => new AdjointIntegrator(new AdjointOptions("rk4", Checkpoints: 0)));
        Assert.Throws<ArgumentException>(() => new AdjointIntegrator(new AdjointOptions(Tolerances: new Dopri5Options(-1, 1e-9))));
        Assert.Throws<ArgumentException>(() => new AdjointIntegrator(new AdjointOptions(BackwardTolerances: new Dopri5Options(0, 0))));
    }

    [Fact]
    public void ParametersOfAnotherDtypeAndNonMonotoneTimesAreRejected()
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(2, 4, seed: 30, ScalarType.Float32);
        var adjoint = new AdjointIntegrator();
        var u0 = States(2, 2, seed: 31);
        Assert.Throws<ArgumentException>(() => adjoint.Integrate(mlp.Field, mlp.Parameters, u0, 0, 1));
        Assert.Throws<ArgumentException>(() => adjoint.Solve(mlp.Field, [], u0, [0, 1, 1]));
    }

    [Theory]
    [InlineData("rk4")]
    [InlineData("dopri5")]
    public void TheForwardSolutionIsTheSolversOwn(string solver)
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(2, 8, seed: 32);
        var u0 = States(4, 2, seed: 33);
        var times = new[] { 0.0, 0.3, 1.1, 2.0 };
        var adjoint = new AdjointIntegrator(new AdjointOptions(solver, StepsPerInterval: 7));
        var stats = new SolverStats();

        var solution = adjoint.Solve(mlp.Field, mlp.Parameters, u0, times);

        Tensor expected;
        if (solver == "dopri5") expected = new Dopri5().Solve(mlp.Field, u0, times, stats);
        else
        {
            var states = new List<Tensor> { u0 };
            for (int i = 1; i < times.Length; i++) states.Add(Steps(new Rk4(), mlp.Field, states[^1], times[i] - times[i - 1], 7, stats));
            expected = stack(states, 1);
        }
        Assert.Equal(TestProblems.ToArray(expected), TestProblems.ToArray(solution));
        Assert.Equal(stats.Steps, adjoint.ForwardStats.Steps);
        Assert.Equal(stats.FunctionEvaluations, adjoint.ForwardStats.FunctionEvaluations);
        Assert.True(solution.requires_grad);
    }

    [Theory]
    [InlineData("rk4")]
    [InlineData("dopri5")]
    public void AnEmptyIntervalGivesTheInitialStateAndItsGradient(string solver)
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(2, 4, seed: 38);
        var u0 = States(3, 2, seed: 39);
        var adjoint = new AdjointIntegrator(new AdjointOptions(solver));

        var gradients = Gradients(u => adjoint.Integrate(mlp.Field, mlp.Parameters, u, 0.5, 0.5).square().sum(), u0, mlp.Parameters);

        Assert.Equal(TestProblems.ToArray(2 * u0), TestProblems.ToArray(gradients[0]));
        Assert.All(gradients.Skip(1), g => Assert.Equal(0, TestProblems.MaxAbs(g)));
        Assert.Equal(0, adjoint.ForwardStats.FunctionEvaluations);
    }

    [Fact]
    public void AFailedBackwardSolveLeavesNanGradientsAndIsRethrownWithItsCause()
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(2, 8, seed: 34);
        var adjoint = new AdjointIntegrator(new AdjointOptions(BackwardTolerances: new Dopri5Options(MaxSteps: 1)));
        var loss = adjoint.Integrate(mlp.Field, mlp.Parameters, States(3, 2, seed: 35), 0, 2).square().sum();

        loss.backward();

        var cause = Assert.Throws<AdaptiveStepFailedException>(adjoint.ThrowIfBackwardFailed);
        Assert.Contains("limit of 1 steps", cause.Message);
        adjoint.ThrowIfBackwardFailed();
        Assert.All(mlp.Parameters, p => Assert.True(p.grad!.isnan().all().item<bool>()));
    }

    [Fact]
    public void AVectorFieldThatThrowsDuringTheBackwardPassLeavesNanGradientsAndItsException()
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(2, 8, seed: 36);
        var adjoint = new AdjointIntegrator(new AdjointOptions("rk4", StepsPerInterval: 3));
        bool backward = false;
        VectorField field = u => backward ? throw new InvalidDataException("field failed") : mlp.Field(u);
        var loss = adjoint.Integrate(field, mlp.Parameters, States(3, 2, seed: 37), 0, 1).sum();
        backward = true;

        var gradients = autograd.grad(new[] { loss }, mlp.Parameters);

        Assert.All(gradients, g => Assert.True(g.isnan().all().item<bool>()));
        var cause = Assert.Throws<InvalidDataException>(adjoint.ThrowIfBackwardFailed);
        Assert.Equal("field failed", cause.Message);
    }
}
