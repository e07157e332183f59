using DGNet.Discrete;
using DGNet.Integrators;
using DGNet.Structure;

namespace DGNet.Models;

/// <summary>
/// Symplectic recurrent neural network (SRNN): a separable energy H(q, p) = T(p) + V(q), T and V each an MLP on d
/// inputs, with the canonical structure S, trained and predicted with leapfrog (symplectic, so the learned energy
/// stays bounded over long rollouts). States (q, p) of length 2d. Its separable energy also has a discrete
/// gradient, so it can predict with eq6, and any vector-field solver can use its canonical field.
/// </summary>
public sealed class Srnn : EnergyModel
{
    /// <summary>Builds the model; weights orthogonal, biases zero.</summary>
    public Srnn(ModelSpec spec) : base(nameof(Srnn), Checked(spec), CreateSeparable(spec), new CanonicalSymplectic(spec.StateShape[0] / 2)) { }

    /// <summary>Solvers an SRNN trains through: leapfrog (its own) and the explicit vector-field solvers.</summary>
    public static IReadOnlyList<string> TrainingSolverNames { get; } = ["leapfrog", "leapfrog-dkd", "euler", "midpoint", "rk4", "dopri5"];

    /// <summary>Solvers an SRNN predicts with.</summary>
    public static IReadOnlyList<string> PredictionSolverNames { get; } =
        ["leapfrog", "leapfrog-dkd", "euler", "midpoint", "rk4", "dopri5", "implicit-midpoint", "eq6"];

    /// <summary>H = T(p) + V(q).</summary>
    public SeparableEnergy Separable => (SeparableEnergy)EnergyNetwork;

    /// <summary>∂V/∂q and ∂T/∂p, for leapfrog.</summary>
    public SeparableGradients Gradients => new(
        q => DiscreteGradient.Continuous(Separable.Potential, q).Gradient,
        p => DiscreteGradient.Continuous(Separable.Kinetic, p).Gradient);

    /// <inheritdoc/>
    protected override Dynamics CreateDynamics() => new(Field, Gradients, DiscreteField);

    private static ModelSpec Checked(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        if (spec.Model != "srnn") throw new ArgumentException($"an SRNN needs a spec with model 'srnn', got '{spec.Model}'");
        if (spec.IsField || spec.StateShape[0] % 2 != 0)
            throw new ArgumentException(
                $"srnn: a separable energy T(p) + V(q) needs ODE states (q, p) of even length, got [{string.Join(", ", spec.StateShape)}]" +
                (spec.IsField ? " (a field)" : ""));
        if (spec.Structure != "canonical")
            throw new ArgumentException($"--structure: srnn uses the canonical structure S (leapfrog needs it), got '{spec.Structure}'");
        return spec;
    }

    private static SeparableEnergy CreateSeparable(ModelSpec spec) =>
        EnergyNetworks.Separable(spec.StateShape[0] / 2, spec.Hidden, 2, spec.Activation, spec.ScalarType);
}
