using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Structure;

/// <summary>
/// A linear operator G that turns an energy gradient into a time derivative, du/dt = G ∇H(u). It acts on batches of
/// gradients [batch..., *state] and keeps their shape. Operators with learned parameters are TorchSharp modules
/// whose parameters train with the energy network; their structural properties hold for every parameter value.
/// </summary>
public abstract class StructureOperator : nn.Module
{
    /// <summary>Creates the operator; <paramref name="name"/> is the TorchSharp module name.</summary>
    protected StructureOperator(string name) : base(name) { }

    /// <summary>Number of trailing state axes the operator acts on: 1 for vectors and 1-D grids, 2 for 2-D grids.</summary>
    public abstract int StateAxes { get; }

    /// <summary>The guarantees this operator gives by construction.</summary>
    public abstract StructureProperties Properties { get; }

    /// <summary>G applied to gradients [batch..., *state]; same shape, dtype and device.</summary>
    public abstract Tensor Apply(Tensor gradient);

    /// <summary>
    /// G as a dense n × n matrix (n the number of state values, flattened in row-major order) for a state of shape
    /// <paramref name="stateShape"/>, built by applying G to the identity basis: for tests and analysis.
    /// </summary>
    public Tensor ToDense(long[] stateShape, ScalarType dtype = ScalarType.Float64, Device? device = null)
    {
        if (stateShape.Length != StateAxes)
            throw new ArgumentException($"this operator acts on states with {StateAxes} axes, got shape [{string.Join(", ", stateShape)}]");
        long n = stateShape.Aggregate(1L, (a, b) => a * b);
        var basis = eye(n, dtype: dtype, device: device).reshape([n, .. stateShape]);
        return Apply(basis).reshape(n, n).t().contiguous();
    }

    /// <summary>Checks that <paramref name="gradient"/> ends with a state of <see cref="StateAxes"/> axes.</summary>
    protected void CheckState(Tensor gradient)
    {
        if (gradient.dim() < StateAxes)
            throw new ArgumentException($"{GetName()} acts on states with {StateAxes} axes, got a tensor of shape [{string.Join(", ", gradient.shape)}]");
    }
}
