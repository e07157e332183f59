namespace DGNet.Systems;

/// <summary>
/// Names the structure operator G of a system's law du/dt = G ∇H(u), so that models can build their own G
/// without the systems depending on them.
/// </summary>
/// <param name="Name">"canonical" (S = [[0, I], [-I, 0]]), "friction" (S - R with R = diag(0, r)), "d" (periodic
/// central difference [-1, 0, 1]/(2 dx)) or "d2" (periodic Laplacian: [1, -2, 1]/dx² in 1-D, the five-point
/// stencil in 2-D).</param>
/// <param name="Friction">The friction rate r on the momenta; zero unless <paramref name="Name"/> is "friction".</param>
public sealed record StructureSpec(string Name, double Friction = 0)
{
    /// <summary>The canonical symplectic matrix: energy is conserved.</summary>
    public static StructureSpec Canonical { get; } = new("canonical");

    /// <summary>The central difference on a periodic grid: energy and mass are conserved.</summary>
    public static StructureSpec CentralDifference { get; } = new("d");

    /// <summary>The Laplacian on a periodic grid: energy dissipates, mass is conserved.</summary>
    public static StructureSpec Laplacian { get; } = new("d2");

    /// <summary>The canonical matrix minus friction r on the momenta: energy dissipates.</summary>
    public static StructureSpec WithFriction(double rate) => new("friction", rate);
}
