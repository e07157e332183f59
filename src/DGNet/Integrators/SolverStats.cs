namespace DGNet.Integrators;

/// <summary>
/// Work done by a solver, accumulated over calls (one instance can be passed to many steps). Counts are per batched
/// call, not per trajectory: evaluating f on a batch of 15 states counts as one function evaluation.
/// </summary>
public sealed class SolverStats
{
    /// <summary>Evaluations of the vector field, discrete field or residual (including those made for
    /// finite-difference Jacobians and Jacobian-vector products).</summary>
    public long FunctionEvaluations { get; set; }

    /// <summary>Accepted steps.</summary>
    public long Steps { get; set; }

    /// <summary>Steps an adaptive solver rejected and retried with a smaller size.</summary>
    public long RejectedSteps { get; set; }

    /// <summary>Newton iterations (each one a linear solve and a new iterate).</summary>
    public long NewtonIterations { get; set; }

    /// <summary>Dense Jacobians formed (by autograd, finite differences or a user function).</summary>
    public long JacobianEvaluations { get; set; }

    /// <summary>Krylov iterations, i.e. Jacobian-vector products, of the Jacobian-free Newton mode.</summary>
    public long LinearIterations { get; set; }

    /// <summary>Adds the counts of <paramref name="other"/> to this instance.</summary>
    public void Add(SolverStats other)
    {
        FunctionEvaluations += other.FunctionEvaluations;
        Steps += other.Steps;
        RejectedSteps += other.RejectedSteps;
        NewtonIterations += other.NewtonIterations;
        JacobianEvaluations += other.JacobianEvaluations;
        LinearIterations += other.LinearIterations;
    }

    /// <summary>Sets every count to zero.</summary>
    public void Reset()
    {
        FunctionEvaluations = Steps = RejectedSteps = NewtonIterations = JacobianEvaluations = LinearIterations = 0;
    }

    /// <summary>A copy of the current counts.</summary>
    public SolverStats Clone()
    {
        var copy = new SolverStats();
        copy.Add(this);
        return copy;
    }

    public override string ToString() =>
        $"f-evals {FunctionEvaluations}, steps {Steps}, rejected {RejectedSteps}, Newton {NewtonIterations}, " +
        $"Jacobians {JacobianEvaluations}, Krylov {LinearIterations}";
}
