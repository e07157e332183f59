using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.TestProblems;

namespace DGNet.Tests.Integrators;

public class RolloutTests
{
    [Fact]
    public void StatesMatchRepeatedStepsAndCostIsRecordedPerStep()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(3, 0.5, 1.5).reshape(3, 1, 2);   // any state shape: [batch, 1, 2]
        var rk4 = new Rk4();
        var result = Rollout.Run(rk4.CreateStepMap(new Dynamics(PendulumField), 0.1), u0, 12);

        Assert.Equal(new long[] { 3, 13, 1, 2 }, result.States.shape);
        var u = u0;
        for (int n = 0; n <= 12; n++)
        {
            Assert.Equal(ToArray(u), ToArray(result.States.select(1, n)));
            u = rk4.Step(PendulumField, u, 0.1);
        }
        Assert.Equal(12, result.StepStats.Count);
        Assert.All(result.StepStats, s => Assert.Equal(4, s.FunctionEvaluations));
        Assert.Equal(48, result.Total.FunctionEvaluations);
        Assert.Empty(result.Failures);
        Assert.False(result.States.requires_grad);
    }

    [Fact]
    public void SkipPolicyKeepsTheOtherTrajectoriesGoing()
    {
        using var scope = NewDisposeScope();
        // Implicit midpoint on du/dt = u² with dt = 1 needs u ≤ 1/2 at every step: trajectory 1 fails at once,
        // trajectory 2 after growing for a while, trajectories 0 and 3 (u ≤ 0) never.
        var u0 = tensor(new[] { -0.5, 1.0, 0.2, 0.0 }).unsqueeze(1);
        var step = new ImplicitMidpoint(NewtonOptions.Default with { MaxIterations = 20 })
            .CreateStepMap(new Dynamics(u => u.square()), 1.0);

        var result = Rollout.Run(step, u0, 8, new RolloutOptions { OnFailure = FailurePolicy.Skip });

        Assert.Equal(new[] { 1, 2 }, result.Failures.Select(f => f.Trajectory));
        var first = result.Failures[0];
        Assert.Equal(1, first.Step);
        Assert.StartsWith("step 1, trajectory 1: Newton did not converge", first.Message);
        int secondStep = result.Failures[1].Step;
        Assert.InRange(secondStep, 2, 8);

        var states = result.States.squeeze(-1);
        Assert.True(double.IsNaN(states[1, 1].item<double>()));
        Assert.True(states[2].narrow(0, 0, secondStep).isfinite().all().item<bool>());
        Assert.True(states[2].narrow(0, secondStep, 9 - secondStep).isnan().all().item<bool>());
        Assert.True(states[0].isfinite().all().item<bool>() && states[3].isfinite().all().item<bool>());
        // The survivors follow the path they would have followed alone (up to rounding: the Newton solves differ).
        var alone = Rollout.Run(step, u0.index_select(0, tensor(new long[] { 0, 3 })), 8).States.squeeze(-1);
        Assert.True(MaxAbs(alone - states.index_select(0, tensor(new long[] { 0, 3 }))) < 1e-14);
    }

    [Fact]
    public void ExplicitBlowUpIsCaughtAsANonFiniteState()
    {
        using var scope = NewDisposeScope();
        var u0 = tensor(new[] { 0.1, 3.0 }).unsqueeze(1);
        var step = new Euler().CreateStepMap(new Dynamics(u => u.pow(3)), 1.0);

        var failure = Assert.Throws<RolloutFailedException>(() => Rollout.Run(step, u0, 50));

        Assert.Equal(new[] { 1 }, failure.Trajectories);
        Assert.IsType<NonFiniteStateException>(failure.Cause);
        Assert.Matches(@"^step \d+, trajectory 1: the state became non-finite \(NaN or infinity\); try a smaller dt or another solver$", failure.Message);
        Assert.Equal((long)failure.Step!, failure.StatesSoFar.shape[1]);
        Assert.True(failure.StatesSoFar.isfinite().all().item<bool>());
        failure.StatesSoFar.Dispose();
    }

    [Fact]
    public void AdaptiveStepMapCarriesItsStepSizeAcrossSteps()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(2, 0.5, 1.0);
        var solver = new Dopri5(new Dopri5Options(1e-10, 1e-10));
        var result = Rollout.Run(solver.CreateStepMap(OscillatorDynamics(), 0.5), u0, 40);
        for (int n = 0; n <= 40; n++)
            Assert.True(MaxAbs(result.States.select(1, n) - OscillatorExact(u0, 0.5 * n)) < 1e-8);
        // Only the first call estimates an initial step (one extra evaluation); later ones start from the carried size.
        Assert.Equal(result.StepStats[0].FunctionEvaluations - 1, 6 * (result.StepStats[0].Steps + result.StepStats[0].RejectedSteps) + 1);
        Assert.All(result.StepStats.Skip(1), s => Assert.Equal(6 * (s.Steps + s.RejectedSteps) + 1, s.FunctionEvaluations));
    }

    [Fact]
    public void MemoryStaysFlatOverManySteps()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(2, 1.3, 2.3);
        var map = new DiscreteGradientStep().CreateStepMap(PendulumDynamics(), 0.1);
        long Live() => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

        // The map now keeps one Newton Jacobian and a full history of states for its extrapolated guesses.
        using (var warmUp = Rollout.Run(map, u0, StateHistory.MaxPoints).States) { }
        long before = Live();
        using (var shortRun = Rollout.Run(map, u0, 20).States) { }
        long afterShort = Live();
        using (var longRun = Rollout.Run(map, u0, 400).States) { }
        long afterLong = Live();

        Assert.Equal(before, afterShort);
        Assert.Equal(before, afterLong);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        using var scope = NewDisposeScope();
        var map = new Euler().CreateStepMap(OscillatorDynamics(), 0.1);
        Assert.Throws<ArgumentException>(() => Rollout.Run(map, InitialStates(1, 1, 1), -1));
        Assert.Throws<ArgumentException>(() => Rollout.Run((u, s) => u.sum(1), InitialStates(2, 1, 1), 3));
    }
}
