using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.TestProblems;

namespace DGNet.Tests.Integrators;

public class Dopri5Tests
{
    [Fact]
    public void MatchesTheExactOscillatorAtTightTolerance()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(4, 0.1, 1.0);
        var solver = new Dopri5(new Dopri5Options(RelativeTolerance: 1e-10, AbsoluteTolerance: 1e-10));
        var stats = new SolverStats();

        var u = solver.Integrate(OscillatorField, u0, 0, 20, stats);

        Assert.True(MaxAbs(u - OscillatorExact(u0, 20)) < 1e-8, $"error {MaxAbs(u - OscillatorExact(u0, 20))}");
        Assert.Equal(6 * (stats.Steps + stats.RejectedSteps) + 2, stats.FunctionEvaluations);
    }

    [Fact]
    public void EvaluationCountGrowsLikeTheFifthRootOfTheTolerance()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(3, 0.1, 1.0);
        var counts = new[] { 1e-6, 1e-8, 1e-10 }.Select(tol =>
        {
            var stats = new SolverStats();
            using var inner = NewDisposeScope();
            new Dopri5(new Dopri5Options(tol, tol)).Integrate(OscillatorField, u0, 0, 20, stats);
            return (double)stats.FunctionEvaluations;
        }).ToArray();

        // Each factor 100 in tolerance should cost about 100^(1/5) ≈ 2.5 times the evaluations.
        for (int i = 1; i < counts.Length; i++)
            Assert.InRange(counts[i] / counts[i - 1], 1.8, 3.5);
        Assert.InRange(Math.Log(counts[2] / counts[0]) / Math.Log(1e4), 0.15, 0.26);
    }

    [Fact]
    public void SolveReturnsStatesAtTheRequestedTimes()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(3, 0.5, 1.0);
        var times = Enumerable.Range(0, 41).Select(i => 0.5 * i).ToArray();
        var solver = new Dopri5(new Dopri5Options(1e-10, 1e-10));

        var path = solver.Solve(OscillatorField, u0, times);

        Assert.Equal(new long[] { 3, 41, 2 }, path.shape);
        Assert.Equal(ToArray(u0), ToArray(path.select(1, 0)));
        for (int i = 0; i < times.Length; i++)
            Assert.True(MaxAbs(path.select(1, i) - OscillatorExact(u0, times[i])) < 1e-8);
    }

    [Fact]
    public void IntegratesBackwardsInTime()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(2, 1.3, 2.3);
        var solver = new Dopri5(new Dopri5Options(1e-11, 1e-11));
        var forward = solver.Integrate(PendulumField, u0, 0, 3);
        var back = solver.Integrate(PendulumField, forward, 3, 0);
        Assert.True(MaxAbs(back - u0) < 1e-8);
        Assert.True(MaxAbs(forward - u0) > 0.1);
        Assert.Equal(ToArray(u0), ToArray(solver.Integrate(PendulumField, u0, 3, 3)));
    }

    [Fact]
    public void WorksInFloat32()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(5, 0.1, 1.0, ScalarType.Float32);
        var u = new Dopri5(new Dopri5Options(1e-6, 1e-6)).Integrate(OscillatorField, u0, 0, 5);
        Assert.Equal(ScalarType.Float32, u.dtype);
        Assert.True(MaxAbs(u.to_type(ScalarType.Float64) - OscillatorExact(u0.to_type(ScalarType.Float64), 5)) < 1e-4);
    }

    /// <summary>du/dt = θ0·S u + θ1·sin(u), a nonlinear field with two parameters.</summary>
    private static VectorField Parametrised(Tensor theta) => u =>
        theta[0] * OscillatorField(u) + theta[1] * u.sin();

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        var solver = new Dopri5(new Dopri5Options(1e-12, 1e-12));
        var weights = tensor(new[] { 0.7, -1.3, 0.4, 2.0 }, new long[] { 2, 2 });
        double Loss(Tensor u0, Tensor theta) =>
            (solver.Integrate(Parametrised(theta), u0, 0, 1.5) * weights).sum().item<double>();

        var u0 = tensor(new[] { 0.3, -0.8, 1.1, 0.2 }, new long[] { 2, 2 }).requires_grad_();
        var theta = tensor(new[] { 0.9, 0.35 }).requires_grad_();
        var loss = (solver.Integrate(Parametrised(theta), u0, 0, 1.5) * weights).sum();
        var grads = torch.autograd.grad(new[] { loss }, new[] { u0, theta });

        const double h = 1e-4;
        using var guard = no_grad();
        foreach (var (leaf, grad) in new[] { (u0, grads[0]), (theta, grads[1]) })
        {
            var flatGrad = ToArray(grad);
            for (int i = 0; i < flatGrad.Length; i++)
            {
                var plus = leaf.detach().clone();
                var minus = leaf.detach().clone();
                plus.view(-1)[i] += h;
                minus.view(-1)[i] -= h;
                double fd = ReferenceEquals(leaf, u0)
                    ? (Loss(plus, theta.detach()) - Loss(minus, theta.detach())) / (2 * h)
                    : (Loss(u0.detach(), plus) - Loss(u0.detach(), minus)) / (2 * h);
                Assert.True(Math.Abs(fd - flatGrad[i]) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"component {i}: autograd {flatGrad[i]}, differences {fd}");
            }
        }
    }

    [Fact]
    public void BlowUpIsReportedForTheTrajectoryThatCausedIt()
    {
        using var scope = NewDisposeScope();
        // du/dt = u² blows up at t = 1/u0: only trajectory 1 (u0 = 1) does so before t = 2.
        var u0 = tensor(new[] { 0.1, 1.0, 0.2 }).unsqueeze(1);
        var failure = Assert.ThrowsAny<AdaptiveStepFailedException>(() =>
            new Dopri5(new Dopri5Options(MaxSteps: 2000)).Integrate(u => u.square(), u0, 0, 2));
        Assert.Equal(1, failure.Trajectory);
        Assert.InRange(failure.Time, 0.9, 1.01);
        Assert.StartsWith("trajectory 1: Dormand-Prince", failure.Message);
    }

    [Fact]
    public void StepLimitAndMinimumStepAreEnforced()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(2, 0.5, 1.0);
        var limited = Assert.Throws<AdaptiveStepFailedException>(() =>
            new Dopri5(new Dopri5Options(1e-10, 1e-10, MaxSteps: 20)).Integrate(OscillatorField, u0, 0, 20));
        Assert.Contains("exceeded the limit of 20 steps", limited.Message);

        var tooSmall = Assert.Throws<AdaptiveStepFailedException>(() =>
            new Dopri5(new Dopri5Options(1e-10, 1e-10, MinStep: 0.5)).Integrate(OscillatorField, u0, 0, 20));
        Assert.Contains("step size underflow", tooSmall.Message);
    }

    [Fact]
    public void RejectsBadOptionsAndTimes()
    {
        Assert.Throws<ArgumentException>(() => new Dopri5(new Dopri5Options(RelativeTolerance: -1)));
        Assert.Throws<ArgumentException>(() => new Dopri5(new Dopri5Options(MaxSteps: 0)));
        using var scope = NewDisposeScope();
        var u0 = InitialStates(1, 1, 1);
        Assert.Throws<ArgumentException>(() => new Dopri5().Solve(OscillatorField, u0, [0, 1, 1]));
        Assert.Throws<ArgumentException>(() => new Dopri5().Solve(OscillatorField, u0, []));
    }
}
