using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.TestProblems;

namespace DGNet.Tests.Integrators;

public class DiscreteGradientStepTests
{
    [Fact]
    public void PendulumEnergyIsConservedToRoundingOver10000Steps()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(2, 1.3, 2.3);
        var step = new DiscreteGradientStep().CreateStepMap(PendulumDynamics(), 0.1);

        var result = Rollout.Run(step, u0, 10_000);

        var energy = PendulumEnergy(result.States);               // [batch, 10001]
        var initial = energy.select(1, 0).unsqueeze(1);
        var relative = ((energy - initial).abs() / initial.abs()).max().item<double>();
        Assert.True(relative <= 1e-12, $"largest relative energy change {relative:e3}");
        Assert.True(MaxAbs(result.States.select(1, 10_000) - u0) > 0.1); // it did move
        Assert.Equal(10_000, result.StepStats.Count);
        Assert.All(result.StepStats, s => Assert.InRange(s.NewtonIterations, 1, 6));
    }

    [Fact]
    public void WithFrictionTheEnergyDecreasesByExactlyTheDissipatedAmount()
    {
        using var scope = NewDisposeScope();
        const double dt = 0.1, friction = 0.2;
        var u0 = InitialStates(3, 1.3, 2.3);
        var result = Rollout.Run(new DiscreteGradientStep().CreateStepMap(PendulumDynamics(friction), dt), u0, 400);

        var states = result.States;
        var energy = PendulumEnergy(states);
        var change = energy.narrow(1, 1, 400) - energy.narrow(1, 0, 400);
        // H(u[n+1]) - H(u[n]) = dt ∇̄Hᵀ (S - R) ∇̄H = -dt·r·(∇̄H_p)², with ∇̄H_p = p[n+1] + p[n].
        var (_, gp) = PendulumDiscreteGradient(states.narrow(1, 1, 400), states.narrow(1, 0, 400));
        var predicted = -dt * friction * gp.squeeze(-1).square();
        Assert.True(MaxAbs(change - predicted) < 1e-13, $"mismatch {MaxAbs(change - predicted):e3}");
        Assert.True(change.max().item<double>() <= 1e-14, "the energy increased");
        Assert.True((energy.select(1, 400) / energy.select(1, 0)).max().item<double>() < 0.5);
    }

    [Fact]
    public void StepMapKeepsItsJacobianAcrossSteps()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(3, 1.3, 2.3);
        var result = Rollout.Run(new DiscreteGradientStep().CreateStepMap(PendulumDynamics(), 0.01), u0, 200);
        var total = result.Total;
        Assert.True(total.JacobianEvaluations <= 20, $"{total.JacobianEvaluations} Jacobians for 200 steps");
        Assert.Equal(1, result.StepStats[0].JacobianEvaluations);
        // Same states as independent steps, each with a fresh Jacobian.
        var u = u0;
        var step = new DiscreteGradientStep();
        for (int n = 0; n < 200; n++) u = step.Step((next, current) => PendulumDiscreteField(next, current), u, 0.01);
        Assert.True(MaxAbs(u - result.States.select(1, 200)) < 1e-12);
    }

    [Fact]
    public void RolloutStepsStartFromExtrapolatedStatesAndSaveTheGuessEvaluations()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(3, 1.3, 2.3);
        var result = Rollout.Run(new DiscreteGradientStep().CreateStepMap(PendulumDynamics(), 0.01), u0, 100);
        var single = new DiscreteGradientStep();
        var u = u0;
        var independent = new SolverStats();
        for (int n = 0; n < 100; n++) u = single.Step((next, current) => PendulumDiscreteField(next, current), u, 0.01, independent);

        Assert.True(MaxAbs(u - result.States.select(1, 100)) < 1e-12);
        // Each independent step spends two evaluations on its explicit guess; from the third step on the rollout's
        // extrapolation spends none, and its guess is close enough for the Jacobian kept from earlier steps (where
        // independent steps form a fresh one) to need hardly more iterations.
        var rolled = result.StepStats.Skip(StateHistory.MinPoints - 1).ToList();
        double perStep = rolled.Average(s => (double)s.FunctionEvaluations - s.JacobianEvaluations);
        double independentPerStep = (double)(independent.FunctionEvaluations - independent.JacobianEvaluations) / 100;
        Assert.True(perStep <= independentPerStep - 1.5, $"{perStep:F2} evaluations per step against {independentPerStep:F2}");
    }

    [Fact]
    public void ContinuousLimitIsTheVectorField()
    {
        using var scope = NewDisposeScope();
        var u = InitialStates(4, 0.5, 2.5);
        Assert.True(MaxAbs(PendulumDiscreteField(u, u) - PendulumField(u)) < 1e-15);
    }

    /// <summary>du/dt = u² written as G ∇̄H with H = u³/3, G = 1: ∇̄H(x, u) = (x² + xu + u²)/3. For dt·u = 1 the step
    /// equation has no real root.</summary>
    private static Tensor CubicDiscreteField(Tensor next, Tensor current) =>
        (next.square() + next * current + current.square()) / 3;

    [Fact]
    public void FarTooLargeStepReportsTheFailingTrajectoryAndStep()
    {
        using var scope = NewDisposeScope();
        var u0 = tensor(new[] { 0.01, 1.0, 0.02 }).unsqueeze(1);
        var step = new DiscreteGradientStep(NewtonOptions.Default with { MaxIterations = 25 })
            .CreateStepMap(new Dynamics(discreteField: CubicDiscreteField), 1.0);

        var failure = Assert.Throws<RolloutFailedException>(() => Rollout.Run(step, u0, 5));

        Assert.Equal(1, failure.Step);
        Assert.Equal(new[] { 1 }, failure.Trajectories);
        var newton = Assert.IsType<NewtonFailedException>(failure.Cause);
        Assert.True(double.IsFinite(newton.Residual) && newton.Residual > 1e-3);
        Assert.StartsWith("step 1, trajectory 1: Newton did not converge (residual", failure.Message);
        Assert.EndsWith("try a smaller dt or another solver", failure.Message);
        Assert.Equal(new long[] { 3, 1, 1 }, failure.StatesSoFar.shape);
        Assert.Equal(ToArray(u0), ToArray(failure.StatesSoFar));
        failure.StatesSoFar.Dispose();
    }

    [Fact]
    public void WorksOnAnyStateShapeAndInFloat32()
    {
        using var scope = NewDisposeScope();
        // A batch of 2 × 3 independent oscillators, state [batch, 3, 2], in float32.
        var u0 = InitialStates(6, 0.2, 1.0, ScalarType.Float32).reshape(2, 3, 2);
        var stats = new SolverStats();
        var u1 = new DiscreteGradientStep().Step(OscillatorDiscreteField, u0, 0.1, stats);
        Assert.Equal(ScalarType.Float32, u1.dtype);
        Assert.Equal(new long[] { 2, 3, 2 }, u1.shape);
        // For a quadratic energy the step is the implicit midpoint rule: a rotation by 2·atan(dt) (Cayley transform).
        var expected = OscillatorExact(u0.to_type(ScalarType.Float64), Math.Atan(0.1));
        Assert.True(MaxAbs(u1.to_type(ScalarType.Float64) - expected) < 1e-6);
        Assert.Equal(1, stats.Steps);
        Assert.True(stats.NewtonIterations >= 1 && stats.FunctionEvaluations >= 3);
    }
}
