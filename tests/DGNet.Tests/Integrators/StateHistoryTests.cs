using DGNet.Integrators;
using static TorchSharp.torch;
using static DGNet.Tests.Integrators.TestProblems;

namespace DGNet.Tests.Integrators;

public class StateHistoryTests
{
    /// <summary>States u_n = p(n) of a polynomial p of the given degree, [2, 3] per step (two trajectories).</summary>
    private static Tensor PolynomialState(int n, int degree)
    {
        var coefficients = tensor(new[,] { { 0.3, -1.1, 2.0 }, { 1.7, 0.4, -0.6 } });
        var value = zeros(2, 3, dtype: ScalarType.Float64);
        for (int k = 0; k <= degree; k++) value += coefficients * Math.Pow(0.1 * n, k) / (k + 1);
        return value;
    }

    [Fact]
    public void ExtrapolatesAPolynomialExactlyOnceItHasEnoughPoints()
    {
        using var scope = NewDisposeScope();
        int degree = StateHistory.MaxPoints - 1;
        var history = new StateHistory();
        for (int n = 0; n + 1 < StateHistory.MaxPoints; n++)
        {
            var u = PolynomialState(n, degree);
            var guess = history.Extrapolate(u);
            if (n + 1 < StateHistory.MinPoints) Assert.Null(guess);
            else Assert.True(MaxAbs(guess! - PolynomialState(n + 1, degree)) > 1e-6, "too few points cannot be exact");
            history.Record(u, PolynomialState(n + 1, degree));
        }
        // Now MaxPoints states: exact for the degree MaxPoints - 1, and it stays so as the oldest states drop out.
        for (int n = StateHistory.MaxPoints - 1; n < 12; n++)
        {
            var u = PolynomialState(n, degree);
            var guess = history.Extrapolate(u)!;
            Assert.True(MaxAbs(guess - PolynomialState(n + 1, degree)) < 1e-11, $"step {n}: {MaxAbs(guess - PolynomialState(n + 1, degree)):e2}");
            history.Record(u, PolynomialState(n + 1, degree));
            Assert.Equal(StateHistory.MaxPoints, history.Count);
        }
    }

    [Fact]
    public void AStateThatIsNotTheLastOutputStartsAgain()
    {
        using var scope = NewDisposeScope();
        var history = new StateHistory();
        for (int n = 0; n < 5; n++) history.Record(PolynomialState(n, 2), PolynomialState(n + 1, 2));
        Assert.NotNull(history.Extrapolate(PolynomialState(5, 2)));

        var other = PolynomialState(5, 2) + 1e-15 * PolynomialState(1, 1);   // any difference at all
        Assert.Null(history.Extrapolate(other));
        Assert.Null(history.Extrapolate(PolynomialState(5, 2).narrow(0, 0, 1)));   // a trajectory dropped
        history.Record(other, other * 2);
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public void NewtonFailingFromTheExtrapolationFallsBackToTheExplicitGuess()
    {
        using var scope = NewDisposeScope();
        var history = new StateHistory();
        for (int n = 0; n < 4; n++) history.Record(PolynomialState(n, 2), PolynomialState(n + 1, 2));
        var u = PolynomialState(4, 2);
        var explicitGuess = full(2, 3, 7.0, dtype: ScalarType.Float64);
        var starts = new List<Tensor>();
        var next = history.Solve(u, () => explicitGuess, guess =>
        {
            starts.Add(guess);
            if (starts.Count == 1) throw new NewtonFailedException([0], [1.0], 50, "did not converge");
            return guess + 1;
        });

        Assert.Equal(2, starts.Count);
        Assert.True(MaxAbs(starts[0] - PolynomialState(5, 2)) < 1e-12);   // first from the extrapolation
        Assert.Same(explicitGuess, starts[1]);
        Assert.True(MaxAbs(next - 8.0) == 0);
        Assert.NotNull(history.Extrapolate(next));                          // the step was recorded
    }
}
