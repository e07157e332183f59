using TorchSharp;

namespace DGNet.Integrators;

/// <summary>Settings of <see cref="NewtonSolver"/> (and of the implicit steps that use it).</summary>
public sealed record NewtonOptions
{
    /// <summary>The defaults: dtype-dependent tolerance, 50 iterations, line search, dense autograd Jacobian.</summary>
    public static NewtonOptions Default { get; } = new();

    /// <summary>
    /// A trajectory has converged when the max-norm of its residual is at most Tolerance·max(1, |x|∞). Null picks
    /// the dtype's default: <see cref="Float64Tolerance"/> in float64, and 100 machine epsilons (about 1.2e-5) in
    /// float32, where the residual of an O(1) state cannot be evaluated much more precisely.
    /// </summary>
    public double? Tolerance { get; init; }

    /// <summary>
    /// A trajectory whose residual is at most StallTolerance·max(1, |x|∞) and which a full Newton step from a
    /// freshly computed Jacobian cannot reduce any further is accepted as converged: its residual has reached the
    /// rounding noise of F, below which no iteration can go (for example a discrete gradient whose secant slopes
    /// divide tiny differences). Null picks √ε of the dtype (1.5e-8 in float64, 3.5e-4 in float32). Residuals
    /// above it never count as converged unless they meet <see cref="Tolerance"/>.
    /// </summary>
    public double? StallTolerance { get; init; }

    /// <summary>Newton iterations allowed before <see cref="NewtonFailedException"/>.</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>
    /// Backtracking line search (Armijo condition on the residual max-norm, step halved up to
    /// <see cref="MaxBacktracks"/> times) so that a poor first guess does not throw the iteration far away.
    /// When false every iteration takes the full Newton step.
    /// </summary>
    public bool LineSearch { get; init; } = true;

    /// <summary>Step halvings per iteration before the line search gives up and takes the last (shortest) step.</summary>
    public int MaxBacktracks { get; init; } = 10;

    /// <summary>
    /// After convergence apply one more Newton correction without evaluating the residual again: it pushes the
    /// residual from the tolerance down towards rounding level, which energy-conserving schemes need to conserve
    /// energy to rounding over long runs. Dense mode reuses the last Jacobian (one small batched solve); GMRES mode
    /// runs one more Krylov solve that reduces the residual a thousandfold. With it, a first guess that already meets
    /// the tolerance (an extrapolated one often does) still gets one iteration before this correction.
    /// </summary>
    public bool FinalCorrection { get; init; } = true;

    /// <summary>
    /// Dense mode: keep the last Jacobian while every iteration still shrinks each residual at least a hundredfold
    /// (simplified Newton), and recompute it otherwise. From a good first guess, such as the explicit predictor of
    /// an implicit step, this needs one Jacobian per solve instead of one per iteration, with the same solution.
    /// False recomputes the Jacobian in every iteration (classical Newton).
    /// </summary>
    public bool ReuseJacobian { get; init; } = true;

    /// <summary>Dense LU or Jacobian-free GMRES.</summary>
    public NewtonLinearSolver Linear { get; init; } = NewtonLinearSolver.Dense;

    /// <summary>Autograd (exact) or finite-difference derivatives, when no analytic Jacobian is given.</summary>
    public JacobianSource Jacobian { get; init; } = JacobianSource.Autograd;

    /// <summary>GMRES restart length (Krylov vectors kept at once).</summary>
    public int KrylovDimension { get; init; } = 30;

    /// <summary>Jacobian-vector products allowed per linear solve; the last iterate is used if GMRES has not
    /// reached its tolerance by then (inexact Newton, safeguarded by the line search).</summary>
    public int MaxKrylovIterations { get; init; } = 150;

    /// <summary>
    /// The default float64 tolerance. Convergence is followed by one correction with the last Jacobian, which
    /// reaches rounding level only when that Jacobian is fresh; the one carried over between the steps of a rollout
    /// is older, and at 1e-12 a KdV DGNet drifted by 3e-13 of its energy in 150 steps and a pendulum by 1.3e-12 in
    /// 10,000 steps from extrapolated guesses. At 1e-14 these are 4e-15 and 1e-14, for about one more residual
    /// evaluation in a few steps (measured).
    /// </summary>
    public const double Float64Tolerance = 1e-14;

    /// <summary>The residual tolerance for tensors of type <paramref name="dtype"/>.</summary>
    public double ToleranceFor(torch.ScalarType dtype) =>
        Tolerance ?? (dtype == torch.ScalarType.Float64 ? Float64Tolerance : 100 * MachineEpsilon(dtype));

    /// <summary>The stall tolerance for tensors of type <paramref name="dtype"/>.</summary>
    public double StallToleranceFor(torch.ScalarType dtype) => StallTolerance ?? Math.Sqrt(MachineEpsilon(dtype));

    /// <summary>Machine epsilon of a floating-point type.</summary>
    public static double MachineEpsilon(torch.ScalarType dtype) => dtype switch
    {
        torch.ScalarType.Float64 => Math.BitIncrement(1.0) - 1.0,
        torch.ScalarType.Float32 => MathF.BitIncrement(1f) - 1f,
        _ => throw new ArgumentException($"solvers work on float64 or float32 states, not {dtype}"),
    };

    /// <summary>Throws <see cref="ArgumentException"/> for out-of-range settings.</summary>
    public void Validate()
    {
        if (Tolerance is { } t && !(t > 0 && double.IsFinite(t)))
            throw new ArgumentException($"Newton tolerance must be positive and finite, got {t}");
        if (StallTolerance is { } st && !(st >= 0 && double.IsFinite(st)))
            throw new ArgumentException($"Newton stall tolerance must be non-negative and finite, got {st}");
        if (MaxIterations < 1) throw new ArgumentException($"Newton MaxIterations must be at least 1, got {MaxIterations}");
        if (MaxBacktracks < 0) throw new ArgumentException($"Newton MaxBacktracks must be at least 0, got {MaxBacktracks}");
        if (KrylovDimension < 1) throw new ArgumentException($"GMRES KrylovDimension must be at least 1, got {KrylovDimension}");
        if (MaxKrylovIterations < 1)
            throw new ArgumentException($"GMRES MaxKrylovIterations must be at least 1, got {MaxKrylovIterations}");
    }
}
