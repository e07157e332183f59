namespace DGNet.Structure;

/// <summary>The family a learned convolution kernel is restricted to by its parametrisation.</summary>
public enum KernelConstraint
{
    /// <summary>Any kernel.</summary>
    Free,

    /// <summary>Antisymmetric kernels (w_{-j} = -w_j, zero centre): G is skew, energy is conserved; always zero-sum.</summary>
    Skew,

    /// <summary>
    /// Symmetric kernels with non-negative off-centre weights and a centre of minus their sum (minus a further
    /// non-negative amount unless zero-sum): weighted graph Laplacians, negative semi-definite, energy dissipates.
    /// </summary>
    Dissipative,
}
