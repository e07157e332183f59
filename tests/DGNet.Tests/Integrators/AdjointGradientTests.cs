using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.AdjointProblems;

namespace DGNet.Tests.Integrators;

/// <summary>
/// Gradients of a loss through <see cref="AdjointIntegrator"/> against back-propagation through the same solver
/// steps (small MLP field, batched) and against the analytic gradients of a linear ODE.
/// </summary>
public class AdjointGradientTests
{
    /// <summary>One libtorch thread: these small problems only lose time to thread hand-offs on shared cores.</summary>
    public AdjointGradientTests() => set_num_threads(1);

    [Theory]
    [InlineData("euler", 120, 16)]
    [InlineData("midpoint", 120, 16)]
    [InlineData("rk4", 120, 16)]
    [InlineData("rk4", 60, 2)]
    public void DiscreteAdjointOfFixedStepsEqualsBackPropagation(string solver, int steps, int checkpoints)
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(3, 16, seed: 1);
        var u0 = States(5, 3, seed: 2);
        var targets = States(5, 3, seed: 3);
        var adjoint = new AdjointIntegrator(new AdjointOptions(solver, StepsPerInterval: steps, Checkpoints: checkpoints));
        var stepper = (FixedStepSolver)SolverRegistry.Create(solver);

        var expected = Gradients(u => Loss(Steps(stepper, mlp.Field, u, 2.0, steps), targets), u0, mlp.Parameters);
        var actual = Gradients(u => Loss(adjoint.Integrate(mlp.Field, mlp.Parameters, u, 0, 2.0), targets), u0, mlp.Parameters);

        Assert.Equal(AdjointMethod.Discrete, adjoint.Method);
        double difference = RelativeDifference(actual, expected);
        Assert.True(difference < 1e-8, $"{solver}: relative difference {difference:e2}");
        // Binomial checkpointing recomputes each step at most r times, C(checkpoints + r, r) ≥ steps.
        int r = BinomialCheckpointing.Repetitions(steps, checkpoints);
        long evaluationsPerStep = stepper.Order == 4 ? 4 : stepper.Order;
        Assert.InRange(adjoint.BackwardStats.FunctionEvaluations, steps * evaluationsPerStep, (r + 1) * steps * evaluationsPerStep);
    }

    [Fact]
    public void DiscreteAdjointOfDopri5EqualsBackPropagationThroughItsAcceptedSteps()
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(2, 16, seed: 4);
        var u0 = States(6, 2, seed: 5);
        var targets = States(6, 2, seed: 6);
        var tolerances = new Dopri5Options(1e-8, 1e-8);
        var adjoint = new AdjointIntegrator(new AdjointOptions("dopri5", AdjointMethod.Discrete, Tolerances: tolerances, Checkpoints: 4));

        var expected = Gradients(u => Loss(new Dopri5(tolerances).Integrate(mlp.Field, u, 0, 3.0), targets), u0, mlp.Parameters);
        var actual = Gradients(u => Loss(adjoint.Integrate(mlp.Field, mlp.Parameters, u, 0, 3.0), targets), u0, mlp.Parameters);

        Assert.True(adjoint.ForwardStats.Steps > 10, $"only {adjoint.ForwardStats.Steps} steps");
        double difference = RelativeDifference(actual, expected);
        Assert.True(difference < 1e-8, $"relative difference {difference:e2}");
    }

    [Fact]
    public void ContinuousAdjointOfDopri5AgreesWithBackPropagationToTheTolerance()
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(2, 16, seed: 7);
        var u0 = States(6, 2, seed: 8);
        var targets = States(6, 2, seed: 9);
        double Difference(double tolerance)
        {
            var options = new Dopri5Options(tolerance, tolerance);
            var adjoint = new AdjointIntegrator(new AdjointOptions("dp", Tolerances: options));
            Assert.Equal(AdjointMethod.Continuous, adjoint.Method);
            var expected = Gradients(u => Loss(new Dopri5(options).Integrate(mlp.Field, u, 0, 2.0), targets), u0, mlp.Parameters);
            var actual = Gradients(u => Loss(adjoint.Integrate(mlp.Field, mlp.Parameters, u, 0, 2.0), targets), u0, mlp.Parameters);
            return RelativeDifference(actual, expected);
        }

        double loose = Difference(1e-5), tight = Difference(1e-9);

        Assert.True(tight < 1e-7, $"rtol = atol = 1e-9: relative difference {tight:e2}");
        Assert.True(tight < loose / 100, $"the difference should shrink with the tolerance: {loose:e2} at 1e-5, {tight:e2} at 1e-9");
    }

    [Fact]
    public void ContinuousAdjointMatchesTheAnalyticGradientsOfALinearOde()
    {
        using var scope = NewDisposeScope();
        var ode = new RotationDecay(alpha: -0.3, omega: 1.7);
        var u0Values = new double[,] { { 1.0, 0.5 }, { -0.4, 2.0 }, { 0.3, -1.1 } };
        var cValues = new double[,] { { 0.7, -1.2 }, { 1.5, 0.4 }, { -0.6, 0.9 } };
        var u0 = tensor(u0Values);
        var c = tensor(cValues);
        var adjoint = new AdjointIntegrator(new AdjointOptions("dopri5", Tolerances: new Dopri5Options(1e-10, 1e-10)));

        var actual = Gradients(u => (adjoint.Integrate(ode.Field, ode.Parameters, u, 0, 2.5) * c).sum(), u0, ode.Parameters);

        var (state, alpha, omega) = ode.ExactGradients(u0Values, cValues, 2.5);
        var expected = new[] { tensor(state).reshape(3, 2), tensor(alpha), tensor(omega) };
        double difference = RelativeDifference(actual, expected);
        Assert.True(difference < 1e-8, $"relative difference to the analytic gradients {difference:e2}");
    }

    [Theory]
    [InlineData(AdjointMethod.Discrete)]
    [InlineData(AdjointMethod.Continuous)]
    public void Rk4AdjointGradientsConvergeToTheAnalyticOnesAtFourthOrder(AdjointMethod method)
    {
        using var scope = NewDisposeScope();
        var ode = new RotationDecay(alpha: 0.2, omega: -2.1);
        var u0Values = new double[,] { { 0.8, -0.3 }, { 0.1, 1.4 } };
        var cValues = new double[,] { { -1.0, 0.6 }, { 0.3, 0.8 } };
        var (state, alpha, omega) = ode.ExactGradients(u0Values, cValues, 3.0);
        var expected = new[] { tensor(state).reshape(2, 2), tensor(alpha), tensor(omega) };
        double Error(int steps)
        {
            var adjoint = new AdjointIntegrator(new AdjointOptions("rk4", method, StepsPerInterval: steps));
            var actual = Gradients(u => (adjoint.Integrate(ode.Field, ode.Parameters, u, 0, 3.0) * tensor(cValues)).sum(),
                tensor(u0Values), ode.Parameters);
            return RelativeDifference(actual, expected);
        }

        double coarse = Error(30), fine = Error(60);

        double order = Math.Log2(coarse / fine);
        Assert.True(Math.Abs(order - 4) < 0.3, $"{method}: observed order {order:F2} (errors {coarse:e2}, {fine:e2})");
    }

    [Theory]
    [InlineData(AdjointMethod.Discrete, 1e-8)]
    [InlineData(AdjointMethod.Continuous, 1e-6)]
    public void GradientsThroughSeveralOutputTimesAgreeWithBackPropagation(AdjointMethod method, double bound)
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(2, 12, seed: 10);
        var u0 = States(4, 2, seed: 11);
        var times = new[] { 0.0, 0.4, 0.9, 1.5, 2.0 };
        var targets = randn(new long[] { 4, times.Length, 2 }, dtype: ScalarType.Float64, generator: new Generator(12));
        var options = new Dopri5Options(1e-10, 1e-10);
        var adjoint = new AdjointIntegrator(new AdjointOptions("dopri5", method, Tolerances: options));

        var expected = Gradients(u => Loss(new Dopri5(options).Solve(mlp.Field, u, times), targets), u0, mlp.Parameters);
        var actual = Gradients(u => Loss(adjoint.Solve(mlp.Field, mlp.Parameters, u, times), targets), u0, mlp.Parameters);

        double difference = RelativeDifference(actual, expected);
        Assert.True(difference < bound, $"{method}: relative difference {difference:e2}");
    }

    [Theory]
    [InlineData("rk4")]
    [InlineData("dopri5")]
    public void Float32GradientsAgreeWithFloat64Ones(string solver)
    {
        using var scope = NewDisposeScope();
        var mlp64 = new Mlp(2, 16, seed: 13);
        var mlp32 = new Mlp(2, 16, seed: 13, ScalarType.Float32);
        var u0 = States(5, 2, seed: 14);
        var targets = States(5, 2, seed: 15);
        var options = new AdjointOptions(solver, StepsPerInterval: 20, Tolerances: new Dopri5Options(1e-6, 1e-6));

        var single = Gradients(u => Loss(new AdjointIntegrator(options).Integrate(mlp32.Field, mlp32.Parameters, u, 0, 1.5),
            targets.to_type(ScalarType.Float32)), u0.to_type(ScalarType.Float32), mlp32.Parameters);
        var reference = Gradients(u => Loss(new AdjointIntegrator(options).Integrate(mlp64.Field, mlp64.Parameters, u, 0, 1.5),
            targets), u0, mlp64.Parameters);

        Assert.All(single, g => Assert.Equal(ScalarType.Float32, g.dtype));
        double difference = RelativeDifference(single, reference);
        Assert.True(difference < 1e-5, $"{solver}: float32 vs float64 relative difference {difference:e2}");
    }

    [Fact]
    public void BackwardAccumulatesIntoTheGradientsOfParametersAndState()
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(2, 8, seed: 16);
        var u0 = States(3, 2, seed: 17).requires_grad_(true);
        var targets = States(3, 2, seed: 18);
        var adjoint = new AdjointIntegrator(new AdjointOptions("midpoint"));
        var expected = Gradients(u => 2 * Loss(new Midpoint().Step(mlp.Field, u, 0.1), targets), u0, mlp.Parameters);

        for (int repeat = 0; repeat < 2; repeat++)
            Loss(adjoint.Integrate(mlp.Field, mlp.Parameters, u0, 0, 0.1), targets).backward();

        var accumulated = new List<Tensor> { u0.grad! };
        accumulated.AddRange(mlp.Parameters.Select(p => p.grad!));
        Assert.True(RelativeDifference(accumulated, expected) < 1e-12);
    }

    [Fact]
    public void ParametersThatDoNotRequireGradAreConstants()
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(2, 8, seed: 19);
        mlp.Parameters[1].requires_grad_(false);
        var u0 = States(3, 2, seed: 20);
        var adjoint = new AdjointIntegrator(new AdjointOptions("rk4", StepsPerInterval: 5));
        var trained = new[] { mlp.Parameters[0], mlp.Parameters[2], mlp.Parameters[3] };

        var expected = Gradients(u => Steps(new Rk4(), mlp.Field, u, 1.0, 5).square().sum(), u0, trained);
        var actual = Gradients(u => adjoint.Integrate(mlp.Field, mlp.Parameters, u, 0, 1.0).square().sum(), u0, trained);

        Assert.True(RelativeDifference(actual, expected) < 1e-10);
    }
}
