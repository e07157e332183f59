using DGNet.Discrete;
using DGNet.Integrators;
using DGNet.Structure;
using static TorchSharp.torch;

namespace DGNet.Models;

/// <summary>
/// A model du/dt = G ∇H(u) with a learned energy network H and a structure operator G (fixed or learned): the
/// common part of HNN, SRNN and DGNet. Its dynamics offer the continuous field G ∇H(u) and the discrete field
/// G ∇̄H(u[n+1], u[n]), both from one pass of automatic discrete differentiation (the discrete one evaluates the two
/// states as one stacked pair). With skew G the learned energy is conserved exactly by eq6, with negative
/// semi-definite G it never increases, and with zero-sum G mass is conserved, whatever the weights.
/// </summary>
public abstract class EnergyModel : PhysicsModel
{
    private readonly PairModule energy;
    private readonly StructureOperator structure;

    /// <summary>Creates the model from its energy network and structure (both become submodules).</summary>
    protected EnergyModel(string name, ModelSpec spec, PairModule energy, StructureOperator structure) : base(name, spec)
    {
        this.energy = energy;
        this.structure = structure;
        RegisterComponents();
    }

    /// <summary>The energy network H: states [P, batch..., *state] to energies [P, batch...].</summary>
    public PairModule EnergyNetwork => energy;

    /// <inheritdoc/>
    public override StructureOperator Structure => structure;

    /// <inheritdoc/>
    public override bool HasEnergy => true;

    /// <inheritdoc/>
    public override Tensor Energy(Tensor u) => DiscreteGradient.Energy(energy, u);

    /// <summary>G ∇H(u) for states [batch, *state].</summary>
    public Tensor Field(Tensor u) => structure.Apply(DiscreteGradient.Continuous(energy, u).Gradient);

    /// <summary>G ∇̄H(next, current) for states [batch, *state], from one pass on the stacked pair.</summary>
    public Tensor DiscreteField(Tensor next, Tensor current) =>
        structure.Apply(DiscreteGradient.Of(energy, next, current).Gradient);

    /// <inheritdoc/>
    protected override Dynamics CreateDynamics() => new(Field, discreteField: DiscreteField);

    /// <inheritdoc/>
    public override string Describe() =>
        base.Describe() + $"\n  structure G: {Spec.Structure}{(Spec.KernelOrder != 0 ? $", kernel in units of 1/dx^{Spec.KernelOrder}" : "")} ({structure.Properties})";

    /// <summary>
    /// Builds the energy network the paper uses for the spec's state: an MLP n → hidden → hidden → 1 for ODE
    /// states, and the periodic convolutional energy (3-wide, 1x1, 1x1, sum over the grid) for 1-D and 2-D fields.
    /// </summary>
    protected static PairModule CreateEnergyNetwork(ModelSpec spec)
    {
        var dtype = spec.ScalarType;
        if (!spec.IsField) return EnergyNetworks.Mlp(spec.StateShape[0], spec.Hidden, 2, spec.Activation, dtype);
        return spec.StateShape.Length == 1
            ? EnergyNetworks.Grid1d(spec.Hidden, 3, spec.Activation, dtype)
            : EnergyNetworks.Grid2d(spec.Hidden, 3, spec.Activation, dtype);
    }

    /// <summary>Builds the structure operator the spec names, for its state shape and grid spacing.</summary>
    protected static StructureOperator CreateStructure(ModelSpec spec) =>
        StructureOperators.Create(spec.Structure!, spec.StateShape, spec.Dx ?? 1, spec.KernelSize, dtype: spec.ScalarType,
            kernelOrder: spec.KernelOrder);
}
