using System.Globalization;
using DGNet.Integrators;
using DGNet.Structure;
using TorchSharp;
using static TorchSharp.torch;

namespace DGNet.Models;

/// <summary>
/// A learned model of a physical system, as the trainer, the predictor and the evaluation see it: its description,
/// the <see cref="Integrators.Dynamics"/> it offers the integrators, its learned energy where it has one, and its
/// training-mode estimate of the time derivative (u[n+1] - u[n]) / dt over one data step. Models know nothing of
/// data files or systems; a <see cref="ModelSpec"/> fixes everything about them except the weights.
/// </summary>
public abstract class PhysicsModel : nn.Module
{
    private Dynamics? dynamics;

    /// <summary>Creates the model for <paramref name="spec"/> (checked); <paramref name="name"/> is the module name.</summary>
    protected PhysicsModel(string name, ModelSpec spec) : base(name)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
    }

    /// <summary>What the model is; rebuilds the same architecture with <see cref="PhysicsModels.Create(ModelSpec)"/>.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The floating-point type of the parameters; states given to the model must have it.</summary>
    public ScalarType DType => Spec.ScalarType;

    /// <summary>The structure G of an energy model; null for a model without one.</summary>
    public virtual StructureOperator? Structure => null;

    /// <summary>True when the model has a learned energy H (see <see cref="Energy"/>).</summary>
    public virtual bool HasEnergy => false;

    /// <summary>The solvers (registry names) through which this model can be trained.</summary>
    public IReadOnlyList<string> TrainingSolvers => PhysicsModels.TrainingSolvers(Spec.Model);

    /// <summary>The solvers with which this model can predict.</summary>
    public IReadOnlyList<string> PredictionSolvers => PhysicsModels.PredictionSolvers(Spec.Model);

    /// <summary>
    /// What the model offers integrators: a vector field, and, where the model has them, separable energy gradients
    /// (leapfrog) and the discrete field G ∇̄H(u[n+1], u[n]) (eq6). Built once; it calls the current parameters.
    /// </summary>
    public Dynamics Dynamics => dynamics ??= CreateDynamics();

    /// <summary>Creates the model's <see cref="Dynamics"/>.</summary>
    protected abstract Dynamics CreateDynamics();

    /// <summary>The learned energy H(u) of states [batch..., *state], one value per state.</summary>
    /// <exception cref="NotSupportedException">The model has no energy (<see cref="HasEnergy"/> is false).</exception>
    public virtual Tensor Energy(Tensor u) =>
        throw new NotSupportedException($"a {Spec.Model} model has no learned energy");

    /// <summary>
    /// The model's estimate of (u[n+1] - u[n]) / dt for data pairs u0 = u[n], u1 = u[n+1] ([batch, *state]) under the
    /// training solver <paramref name="solver"/>: for eq6 the discrete field G ∇̄H(u1, u0), which uses both states;
    /// for any other solver (one step of that solver from u0 over dt - u0) / dt, which uses u0 only and is
    /// differentiable through the solver's stages (Dormand-Prince's adaptive steps included). Differentiable in the
    /// parameters: the training loss back-propagates through it.
    /// </summary>
    /// <exception cref="ArgumentException">The model cannot be trained with the solver, or the states do not fit.</exception>
    public Tensor EstimateDerivative(Tensor u0, Tensor u1, ISolver solver, SolverStats? stats = null)
    {
        ArgumentNullException.ThrowIfNull(solver);
        PhysicsModels.CheckTrainingSolver(Spec.Model, solver.Name);
        CheckStates(u0, "u0");
        CheckStates(u1, "u1");
        double dt = Spec.Dt;
        if (solver is DiscreteGradientStep)
        {
            var discrete = Dynamics.DiscreteField ?? throw new InvalidOperationException($"a {Spec.Model} model offers no discrete field");
            if (stats is not null) stats.FunctionEvaluations++;
            return discrete(u1, u0);
        }
        var step = solver.CreateStepMap(Dynamics, dt);
        return (step(u0, stats ?? new SolverStats()) - u0) / dt;
    }

    /// <summary>A readable multi-line description: model, structure, networks, parameter count, data step.</summary>
    public virtual string Describe()
    {
        long count = parameters().Sum(p => p.numel());
        var c = CultureInfo.InvariantCulture;
        string state = $"[{string.Join(", ", Spec.StateShape)}]" + (Spec.Dx is double dx ? string.Create(c, $" field, dx {dx:G6}") : " ODE state");
        return $"{PhysicsModels.Title(Spec.Model)}\n" +
               string.Create(c, $"  state {state}, dt {Spec.Dt:G6}, {Spec.DType}\n") +
               $"  networks: hidden {Spec.Hidden}, activation {Spec.Activation}; {count} parameters";
    }

    /// <summary>Checks that <paramref name="u"/> is a batch [batch, *state] of this model's states and dtype.</summary>
    protected void CheckStates(Tensor u, string what = "states")
    {
        var shape = Spec.StateShape;
        if (u.dim() != shape.Length + 1 || !u.shape.Skip(1).SequenceEqual(shape))
            throw new ArgumentException(
                $"{what}: the model works on states [batch, {string.Join(", ", shape)}], got [{string.Join(", ", u.shape)}]");
        if (u.dtype != DType)
            throw new ArgumentException($"{what}: the model is {Spec.DType}, the states are {u.dtype}");
    }
}
