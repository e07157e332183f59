using DGNet.Integrators;
using TorchSharp;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.TestProblems;

namespace DGNet.Tests.Integrators;

public class NewtonSolverTests
{
    /// <summary>Per row: circle x0² + x1² = a and line x1 = c·x0, solution x0 = sqrt(a / (1 + c²)), x1 = c·x0.</summary>
    private static Func<Tensor, Tensor> CircleLine(Tensor a, Tensor c) => x =>
    {
        var x0 = x.select(1, 0);
        var x1 = x.select(1, 1);
        return stack(new[] { x0.square() + x1.square() - a, x1 - c * x0 }, 1);
    };

    private static Func<Tensor, Tensor> CircleLineJacobian(Tensor c) => x =>
    {
        var x0 = x.select(1, 0);
        var x1 = x.select(1, 1);
        return stack(new[] { stack(new[] { 2 * x0, 2 * x1 }, 1), stack(new[] { -c, ones_like(c) }, 1) }, 1);
    };

    [Theory]
    [InlineData(ScalarType.Float64, 1e-13)]
    [InlineData(ScalarType.Float32, 2e-6)]
    public void SolvesABatchOfNonlinearSystemsInEitherDtype(ScalarType dtype, double accuracy)
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1.0, 4.0, 9.0, 0.25 }, dtype: dtype);
        var c = tensor(new[] { 0.5, -2.0, 1.0, 3.0 }, dtype: dtype);
        var x0 = tensor(new[] { 1.0, 1.0, 2.0, -1.0, 2.0, 2.0, 0.1, 0.1 }, new long[] { 4, 2 }, dtype: dtype);
        var stats = new SolverStats();

        var x = NewtonSolver.Solve(CircleLine(a, c), x0, stats: stats);

        Assert.Equal(dtype, x.dtype);
        Assert.False(x.requires_grad);
        var expected0 = (a.to_type(ScalarType.Float64) / (1 + c.to_type(ScalarType.Float64).square())).sqrt();
        var expected = stack(new[] { expected0, c.to_type(ScalarType.Float64) * expected0 }, 1);
        Assert.True(MaxAbs(x.to_type(ScalarType.Float64) - expected) < accuracy, $"error {MaxAbs(x.to_type(ScalarType.Float64) - expected)}");
        Assert.InRange(stats.NewtonIterations, 2, 12);
        Assert.InRange(stats.JacobianEvaluations, 1, stats.NewtonIterations);
    }

    [Fact]
    public void AnalyticAndAutogradJacobiansGiveTheSameIterates()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 2.0, 5.0, 0.5 });
        var c = tensor(new[] { 1.5, -0.5, 4.0 });
        var x0 = tensor(new[] { 1.0, 0.3, 3.0, 1.0, 0.2, 0.9 }, new long[] { 3, 2 });
        var autogradStats = new SolverStats();
        var analyticStats = new SolverStats();

        var byAutograd = NewtonSolver.Solve(CircleLine(a, c), x0, stats: autogradStats);
        var byAnalytic = NewtonSolver.Solve(CircleLine(a, c), x0, stats: analyticStats, jacobian: CircleLineJacobian(c));
        var byDifferences = NewtonSolver.Solve(CircleLine(a, c), x0,
            NewtonOptions.Default with { Jacobian = JacobianSource.FiniteDifference });

        Assert.True(MaxAbs(byAutograd - byAnalytic) < 1e-15);
        Assert.True(MaxAbs(byDifferences - byAnalytic) < 1e-13);
        Assert.Equal(analyticStats.NewtonIterations, autogradStats.NewtonIterations);
        Assert.True(MaxAbs(CircleLine(a, c)(byAnalytic)) < 1e-14);
    }

    [Fact]
    public void ConvergedTrajectoriesStopChanging()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 4.0, 4.0 });
        var c = tensor(new[] { 0.0, 0.0 });
        // Row 0 starts exactly at its root (2, 0); row 1 needs iterations.
        var x0 = tensor(new[] { 2.0, 0.0, 5.0, 1.0 }, new long[] { 2, 2 });
        var x = NewtonSolver.Solve(CircleLine(a, c), x0);
        Assert.Equal(new[] { 2.0, 0.0 }, ToArray(x[0]));
        Assert.True(MaxAbs(x[1] - tensor(new[] { 2.0, 0.0 })) < 1e-14);
    }

    /// <summary>Implicit Euler step of the periodic Allen-Cahn equation u_t = ν u_xx + u - u³ on n points.</summary>
    private static Func<Tensor, Tensor> AllenCahnStep(Tensor u, double dt, double nu)
    {
        return x =>
        {
            var laplacian = x.roll(1, -1) - 2 * x + x.roll(-1, -1);
            return x - u - dt * (nu * laplacian + x - x.pow(3));
        };
    }

    [Theory]
    [InlineData(JacobianSource.Autograd, ScalarType.Float64, 1e-13)]
    [InlineData(JacobianSource.FiniteDifference, ScalarType.Float64, 1e-13)]
    [InlineData(JacobianSource.Autograd, ScalarType.Float32, 1e-5)]
    [InlineData(JacobianSource.FiniteDifference, ScalarType.Float32, 1e-5)]
    public void GmresModeAgreesWithDenseMode(JacobianSource source, ScalarType dtype, double accuracy)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var u = 0.8 * rand(3, 48, dtype: dtype) - 0.4;
        var residual = AllenCahnStep(u, 0.2, 1.0);
        var denseStats = new SolverStats();
        var krylovStats = new SolverStats();

        var dense = NewtonSolver.Solve(residual, u, stats: denseStats);
        var krylov = NewtonSolver.Solve(residual, u,
            NewtonOptions.Default with { Linear = NewtonLinearSolver.Gmres, Jacobian = source }, krylovStats);

        Assert.Equal(dtype, krylov.dtype);
        Assert.True(MaxAbs(krylov - dense) < accuracy, $"difference {MaxAbs(krylov - dense)}");
        Assert.True(MaxAbs(residual(krylov)) <= accuracy);
        Assert.Equal(0, krylovStats.JacobianEvaluations);
        Assert.True(krylovStats.LinearIterations > 0);
        Assert.InRange(denseStats.JacobianEvaluations, 1, denseStats.NewtonIterations);
    }

    [Fact]
    public void AGuessWithinTheToleranceStillGetsOneIterationBeforeTheFinalCorrection()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 2.0, 5.0 });
        var c = tensor(new[] { 1.0, 2.0 });
        var x0 = (a / (1 + c.square())).sqrt();
        var root = stack(new[] { x0, c * x0 }, 1);
        var guess = root + 1e-10;   // residual about 4e-10, within the tolerance below
        var options = NewtonOptions.Default with { Tolerance = 1e-8 };

        var stats = new SolverStats();
        var solved = NewtonSolver.Solve(CircleLine(a, c), guess, options, stats);
        Assert.Equal(1, stats.NewtonIterations);
        Assert.True(MaxAbs(solved - root) < 1e-15, $"error {MaxAbs(solved - root):e2}");

        var plainStats = new SolverStats();
        var plain = NewtonSolver.Solve(CircleLine(a, c), guess, options with { FinalCorrection = false }, plainStats);
        Assert.Equal(0, plainStats.NewtonIterations);
        Assert.True(MaxAbs(plain - guess) == 0);
    }

    [Fact]
    public void ReusingTheJacobianReachesTheSameRoot()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var u = 0.8 * rand(4, 32, dtype: ScalarType.Float64) - 0.4;
        var residual = AllenCahnStep(u, 0.3, 0.5);
        var freshStats = new SolverStats();
        var reuseStats = new SolverStats();
        var fresh = NewtonSolver.Solve(residual, u, NewtonOptions.Default with { ReuseJacobian = false }, freshStats);
        var reused = NewtonSolver.Solve(residual, u, NewtonOptions.Default with { ReuseJacobian = true }, reuseStats);
        Assert.True(MaxAbs(fresh - reused) < 1e-13, $"difference {MaxAbs(fresh - reused):e3}, {freshStats} vs {reuseStats}");
        Assert.Equal(freshStats.NewtonIterations, freshStats.JacobianEvaluations);
        Assert.True(reuseStats.JacobianEvaluations < freshStats.JacobianEvaluations);
    }

    [Fact]
    public void GmresModeSolvesA64By64GridWithoutDenseJacobians()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var u = 0.2 * rand(2, 64, 64, dtype: ScalarType.Float64) - 0.1;
        const double dt = 0.05, nu = 1.0;
        Tensor Residual(Tensor x)
        {
            var laplacian = x.roll(1, -1) + x.roll(-1, -1) + x.roll(1, -2) + x.roll(-1, -2) - 4 * x;
            return x - u - dt * (nu * laplacian + x - x.pow(3));
        }
        var stats = new SolverStats();
        var x = NewtonSolver.Solve(Residual, u,
            NewtonOptions.Default with { Linear = NewtonLinearSolver.Gmres, Jacobian = JacobianSource.FiniteDifference }, stats);

        Assert.Equal(new long[] { 2, 64, 64 }, x.shape);
        Assert.True(MaxAbs(Residual(x)) <= 1e-12);
        Assert.True(MaxAbs(x - u) > 1e-3); // a real step was taken
        Assert.Equal(0, stats.JacobianEvaluations);
    }

    [Fact]
    public void NoRootGivesAFailureReportNamingTheTrajectory()
    {
        using var scope = NewDisposeScope();
        // x² - a = 0 has no real root for a = -1 (row 2); the other rows converge.
        var a = tensor(new[] { 1.0, 4.0, -1.0 }).unsqueeze(1);
        var options = NewtonOptions.Default with { MaxIterations = 30 };
        var failure = Assert.Throws<NewtonFailedException>(() =>
            NewtonSolver.Solve(x => x.square() - a, tensor(new[] { 3.0, 3.0, 3.0 }).unsqueeze(1), options));

        Assert.Equal(new[] { 2 }, failure.Trajectories);
        Assert.Equal(30, failure.Iterations);
        Assert.True(failure.Residual >= 1.0 && double.IsFinite(failure.Residual));
        Assert.StartsWith("trajectory 2: Newton did not converge (residual", failure.Message);
        Assert.Contains("try a smaller dt or another solver", failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public void NonFiniteResidualIsReportedNotPropagated()
    {
        using var scope = NewDisposeScope();
        // sqrt(x) + 1 = 0 has no root and is NaN for x < 0, where full Newton steps lead.
        var failure = Assert.Throws<NewtonFailedException>(() =>
            NewtonSolver.Solve(x => x.sqrt() + 1, tensor(new[] { 4.0, 1.0 }).unsqueeze(1),
                NewtonOptions.Default with { LineSearch = false }));
        Assert.Contains("non-finite", failure.Message);

        var atStart = Assert.Throws<NewtonFailedException>(() =>
            NewtonSolver.Solve(x => x.log(), tensor(new[] { 1.5, -1.0 }).unsqueeze(1)));
        Assert.Equal(new[] { 1 }, atStart.Trajectories);
        Assert.True(double.IsNaN(atStart.Residual));
        Assert.Equal(0, atStart.Iterations);
    }

    [Fact]
    public void ResidualNoiseAboveTheToleranceEndsInTheStallRuleNotAFailure()
    {
        using var scope = NewDisposeScope();
        // F(x) = x - a plus noise of amplitude 1e-9 that changes from one floating-point value of x to the next and
        // has no derivative, like rounding noise: no iterate brings |F| down to the 1e-12 tolerance.
        var a = tensor(new[] { 0.5, 1.5, -2.0 }).unsqueeze(1);
        Tensor Noisy(Tensor x) => x - a + 1e-9 * (1e15 * x).sin().detach();
        var stats = new SolverStats();

        var x = NewtonSolver.Solve(Noisy, a + 0.1, stats: stats);

        Assert.True(MaxAbs(x - a) < 1e-8);
        Assert.True(stats.NewtonIterations < 10);
        var strict = Assert.Throws<NewtonFailedException>(() =>
            NewtonSolver.Solve(Noisy, a + 0.1, NewtonOptions.Default with { StallTolerance = 0, MaxIterations = 15 }));
        Assert.True(strict.Residual < 1e-8);
    }

    [Fact]
    public void RejectsBadOptionsAndShapes()
    {
        using var scope = NewDisposeScope();
        var x0 = ones(2, 3);
        Assert.Throws<ArgumentException>(() => NewtonSolver.Solve(x => x, x0, NewtonOptions.Default with { Tolerance = -1 }));
        Assert.Throws<ArgumentException>(() => NewtonSolver.Solve(x => x, x0, NewtonOptions.Default with { MaxIterations = 0 }));
        Assert.Throws<ArgumentException>(() => NewtonSolver.Solve(x => x.sum(1), x0));
    }
}
