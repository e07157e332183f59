using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.TestProblems;

namespace DGNet.Tests.Integrators;

public class LeapfrogTests
{
    [Theory]
    [InlineData(LeapfrogVariant.KickDriftKick)]
    [InlineData(LeapfrogVariant.DriftKickDrift)]
    public void MassSpringEnergyErrorStaysBoundedOver100000Steps(LeapfrogVariant variant)
    {
        using var scope = NewDisposeScope();
        const int steps = 100_000;
        const double dt = 0.1;
        var u0 = InitialStates(2, 0.1, 1.0);
        var states = new Leapfrog(variant).Integrate(new SeparableGradients(q => 2 * q, p => 2 * p), u0, dt, steps);

        var energy = OscillatorEnergy(states);
        var error = (energy / energy.select(1, 0).unsqueeze(1) - 1).abs();   // relative, [batch, steps + 1]
        double early = error.narrow(1, 0, 10_000).max().item<double>();
        double late = error.narrow(1, steps - 10_000, 10_001).max().item<double>();
        // Leapfrog conserves a modified energy, so the error oscillates with amplitude O((ω dt)²) and does not grow.
        Assert.InRange(early, 1e-4, 0.05);
        Assert.True(late <= early * 1.01, $"energy error grew from {early:e3} to {late:e3}");
        // An explicit non-symplectic method of the same order drifts far beyond that within 1,000 steps.
        var midpoint = Rollout.Run(new Midpoint().CreateStepMap(OscillatorDynamics(), dt), u0, 1_000).States;
        var midpointEnergy = OscillatorEnergy(midpoint);
        Assert.True((midpointEnergy.select(1, 1_000) / midpointEnergy.select(1, 0) - 1).abs().min().item<double>() > 10 * early);
    }

    [Theory]
    [InlineData(LeapfrogVariant.KickDriftKick)]
    [InlineData(LeapfrogVariant.DriftKickDrift)]
    public void IntegrateRepeatsStepExactly(LeapfrogVariant variant)
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(3, 1.3, 2.3);
        // ∂T/∂p returns its argument itself (T = p²/2), which the in-place updates must not trip over.
        var gradients = new SeparableGradients(q => 3 * q.sin(), p => p);
        var leapfrog = new Leapfrog(variant);
        var stats = new SolverStats();
        var states = leapfrog.Integrate(gradients, u0, 0.1, 30, stats);
        var u = u0;
        for (int n = 1; n <= 30; n++)
        {
            u = leapfrog.Step(gradients, u, 0.1);
            Assert.Equal(ToArray(u), ToArray(states.select(1, n)));
        }
        Assert.Equal(ToArray(u0), ToArray(states.select(1, 0)));
        Assert.Equal(61, stats.FunctionEvaluations);
    }

    [Fact]
    public void VariantsAreTimeReversible()
    {
        using var scope = NewDisposeScope();
        var u0 = InitialStates(3, 1.3, 2.3);
        var gradients = new SeparableGradients(q => 3 * q.sin(), p => 2 * p);
        foreach (var variant in new[] { LeapfrogVariant.KickDriftKick, LeapfrogVariant.DriftKickDrift })
        {
            var leapfrog = new Leapfrog(variant);
            var u = u0;
            for (int i = 0; i < 50; i++) u = leapfrog.Step(gradients, u, 0.1);
            for (int i = 0; i < 50; i++) u = leapfrog.Step(gradients, u, -0.1);
            Assert.True(MaxAbs(u - u0) < 1e-13);
        }
    }

    [Fact]
    public void WorksOnMultiDimensionalStatesAndCountsItsCost()
    {
        using var scope = NewDisposeScope();
        // Two uncoupled oscillators per trajectory: state (q1, q2, p1, p2).
        var u0 = tensor(new[] { 1.0, 0.5, 0.0, -0.2, 0.3, 0.1, 0.4, 0.0 }, new long[] { 2, 4 });
        var stats = new SolverStats();
        var u1 = new Leapfrog().Step(new SeparableGradients(q => 2 * q, p => 2 * p), u0, 0.01, stats);
        var exact = cat(new[] { u0.narrow(1, 0, 1), u0.narrow(1, 2, 1) }, 1);
        var exactSecond = cat(new[] { u0.narrow(1, 1, 1), u0.narrow(1, 3, 1) }, 1);
        var first = OscillatorExact(exact, 0.01);
        var second = OscillatorExact(exactSecond, 0.01);
        var expected = stack(new[] { first.select(1, 0), second.select(1, 0), first.select(1, 1), second.select(1, 1) }, 1);
        Assert.True(MaxAbs(u1 - expected) < 1e-5);
        Assert.Equal(3, stats.FunctionEvaluations);
        Assert.Equal(1, stats.Steps);
        Assert.Throws<ArgumentException>(() => new Leapfrog().Step(new SeparableGradients(q => q, p => p), ones(2, 3), 0.1));
    }
}
