using System.Globalization;

namespace DGNet.Integrators;

/// <summary>
/// <see cref="NewtonSolver"/> did not reach its tolerance for some trajectories: iteration limit, a residual that
/// became non-finite, or a singular Jacobian. Converged trajectories of the same batch are not listed.
/// </summary>
public sealed class NewtonFailedException : SolverFailedException
{
    public NewtonFailedException(IReadOnlyList<int> trajectories, IReadOnlyList<double> residuals, int iterations, string reason)
        : base(trajectories, Describe(residuals.Count > 0 ? residuals[0] : double.NaN, iterations, reason), SmallerStepAdvice)
    {
        if (residuals.Count != trajectories.Count) throw new ArgumentException("one residual per failed trajectory");
        Residuals = residuals;
        Iterations = iterations;
        Reason = reason;
    }

    /// <summary>Max-norm of the residual reached by each failed trajectory (NaN or infinity if it blew up).</summary>
    public IReadOnlyList<double> Residuals { get; }

    /// <summary>Residual max-norm reached by <see cref="SolverFailedException.Trajectory"/>.</summary>
    public double Residual => Residuals[0];

    /// <summary>Newton iterations done before giving up.</summary>
    public int Iterations { get; }

    /// <summary>Why: "did not converge", "residual became non-finite" or "singular Jacobian".</summary>
    public string Reason { get; }

    private static string Describe(double residual, int iterations, string reason) =>
        $"Newton {reason} (residual {residual.ToString("0.###e+00", CultureInfo.InvariantCulture)} after " +
        $"{iterations} iteration{(iterations == 1 ? "" : "s")})";
}
