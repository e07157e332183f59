namespace DGNet.Reproduction;

/// <summary>The two halves of the paper's experiments, run separately or together by <c>dgnet reproduce --suite</c>.</summary>
public enum ReproductionSuite
{
    /// <summary>KdV and Cahn-Hilliard (1-D, and the 2-D run with a learned structure).</summary>
    Pde,

    /// <summary>Mass-spring, pendulum, 2-body and, when its file is given, the real pendulum.</summary>
    Ode,
}
