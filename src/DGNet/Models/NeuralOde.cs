using DGNet.Discrete;
using DGNet.Integrators;
using static TorchSharp.torch;

namespace DGNet.Models;

/// <summary>
/// Neural ODE: du/dt = f(u) with f a network, no energy and no structure, trained through a numerical integrator
/// (its estimate is (one solver step from u[n] - u[n]) / dt). For ODE states f is an MLP n → hidden → hidden → n
/// with biases; for fields it is the paper's periodic convolutional stack without the final sum (3-wide convolution
/// → activation → 1x1 → activation → 1x1 with bias), one output per grid point, so it is translation-equivariant.
/// </summary>
public sealed class NeuralOde : PhysicsModel
{
    private readonly PairSequential network;

    /// <summary>Builds the model; weights orthogonal, biases zero.</summary>
    public NeuralOde(ModelSpec spec) : base(nameof(NeuralOde), Checked(spec))
    {
        network = CreateNetwork(spec);
        RegisterComponents();
    }

    /// <summary>Solvers a neural ODE trains through: the explicit, differentiable ones.</summary>
    public static IReadOnlyList<string> TrainingSolverNames { get; } = ["euler", "midpoint", "rk4", "dopri5"];

    /// <summary>Solvers a neural ODE predicts with: those that need only a vector field.</summary>
    public static IReadOnlyList<string> PredictionSolverNames { get; } = ["euler", "midpoint", "rk4", "dopri5", "implicit-midpoint"];

    /// <summary>f(u) for states [batch, *state].</summary>
    public Tensor Field(Tensor u) => network.Forward(PairTensor.Of(u)).Value[0];

    /// <inheritdoc/>
    protected override Dynamics CreateDynamics() => new(Field);

    /// <inheritdoc/>
    public override string Describe() => base.Describe() + "\n  no energy, no structure (a free vector field)";

    private static ModelSpec Checked(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Model == "node" ? spec : throw new ArgumentException($"a neural ODE needs a spec with model 'node', got '{spec.Model}'");
    }

    private static PairSequential CreateNetwork(ModelSpec spec)
    {
        var dtype = spec.ScalarType;
        long h = spec.Hidden;
        if (!spec.IsField)
        {
            long n = spec.StateShape[0];
            return PairNet.Sequential(
                PairNet.Linear(n, h, true, dtype), PairNet.Activation(spec.Activation),
                PairNet.Linear(h, h, true, dtype), PairNet.Activation(spec.Activation),
                PairNet.Linear(h, n, true, dtype));
        }
        PairModule first = spec.StateShape.Length == 1 ? PairNet.Conv1d(1, h, 3, true, dtype) : PairNet.Conv2d(1, h, 3, true, dtype);
        return PairNet.Sequential(
            PairNet.AddChannel(),
            first, PairNet.Activation(spec.Activation),
            PairNet.Conv1x1(h, h, true, dtype), PairNet.Activation(spec.Activation),
            PairNet.Conv1x1(h, 1, true, dtype),
            new PairReshape(1));
    }
}
