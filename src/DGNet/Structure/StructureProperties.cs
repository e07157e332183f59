namespace DGNet.Structure;

/// <summary>
/// What a structure operator G guarantees for every value of its parameters, and hence what the model
/// du/dt = G ∇H(u) (or its discrete-gradient version) guarantees.
/// </summary>
/// <param name="IsSkew">G + Gᵀ = 0: the energy is conserved.</param>
/// <param name="IsNegativeSemidefinite">xᵀ G x &lt;= 0 for all x (the symmetric part is negative semi-definite): the
/// energy never increases.</param>
/// <param name="IsMassConserving">Every column of G sums to zero: the sum of the state (mass) is conserved.</param>
public sealed record StructureProperties(bool IsSkew, bool IsNegativeSemidefinite, bool IsMassConserving)
{
    /// <summary>A short description, e.g. "skew (energy-conserving), mass-conserving".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (IsSkew) parts.Add("skew (energy-conserving)");
        else if (IsNegativeSemidefinite) parts.Add("negative semi-definite (energy-dissipating)");
        if (IsMassConserving) parts.Add("mass-conserving");
        return parts.Count == 0 ? "no structural guarantee" : string.Join(", ", parts);
    }
}
