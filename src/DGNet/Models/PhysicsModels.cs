using DGNet.Integrators;

namespace DGNet.Models;

/// <summary>
/// The models by name, as the command line and run descriptions name them, with the solvers each can be trained
/// through and predict with. Valid pairs:
/// <list type="table">
/// <item><term>node</term><description>trains through euler, midpoint (RK2), rk4, dopri5; predicts with those and
/// implicit-midpoint.</description></item>
/// <item><term>hnn</term><description>trains like node; predicts also with eq6 (its energy has a discrete
/// gradient).</description></item>
/// <item><term>srnn</term><description>trains through leapfrog (default), leapfrog-dkd or the explicit solvers;
/// predicts with all of these, implicit-midpoint and eq6.</description></item>
/// <item><term>dgnet</term><description>trains with eq6 only (no integrator); predicts with eq6 (default), the
/// explicit solvers and implicit-midpoint.</description></item>
/// </list>
/// Leapfrog needs a separable energy (srnn only); eq6 needs a learned energy (not node); implicit solvers never
/// train, because their Newton solves are not differentiated through.
/// </summary>
public static class PhysicsModels
{
    /// <summary>The model names, in the order they are listed to users.</summary>
    public static IReadOnlyList<string> Names { get; } = ["dgnet", "hnn", "node", "srnn"];

    /// <summary>Guards libtorch's default generator, which is process-wide: models built at once on several threads
    /// (two reproduction sessions in one host) would otherwise interleave their initial weights' draws.</summary>
    private static readonly Lock Initialization = new();

    /// <summary>Builds the model a spec describes, with fresh weights (orthogonal, zero biases, learned structure
    /// parameters) drawn from libtorch's default generator as it stands; for weights that are about to be
    /// replaced.</summary>
    public static PhysicsModel Create(ModelSpec spec) => Build(spec, seed: null);

    /// <summary>Builds the model a spec describes with the initial weights of <paramref name="seed"/>: the same every
    /// time, whatever other threads draw meanwhile (the generator is reseeded and held while the weights are
    /// drawn).</summary>
    public static PhysicsModel Create(ModelSpec spec, long seed) => Build(spec, seed);

    private static PhysicsModel Build(ModelSpec spec, long? seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        lock (Initialization)
        {
            if (seed is { } value) TorchSharp.torch.manual_seed(value);
            return spec.Model switch
            {
                "dgnet" => new DgNet(spec),
                "hnn" => new Hnn(spec),
                "node" => new NeuralOde(spec),
                "srnn" => new Srnn(spec),
                var other => throw new InvalidOperationException($"model '{other}' is listed but not constructible"),
            };
        }
    }

    /// <summary>The canonical model name for <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static string Canonical(string name)
    {
        string key = (name ?? "").Trim().ToLowerInvariant();
        return Names.Contains(key) ? key : throw new ArgumentException($"--model: unknown model '{name}' (known: {string.Join(", ", Names)})");
    }

    /// <summary>A title for descriptions, e.g. "DGNet (Eq. (6), discrete gradient)".</summary>
    public static string Title(string model) => model switch
    {
        "dgnet" => "DGNet: (u[n+1] - u[n])/dt = G ∇̄H(u[n+1], u[n]) (Eq. (6), discrete gradient)",
        "hnn" => "HNN: du/dt = G ∇H(u) (continuous gradient, trained through a solver)",
        "node" => "Neural ODE: du/dt = f(u)",
        "srnn" => "SRNN: separable H = T(p) + V(q), du/dt = S ∇H(u)",
        _ => model,
    };

    /// <summary>The solvers a model can be trained through.</summary>
    public static IReadOnlyList<string> TrainingSolvers(string model) => Canonical(model) switch
    {
        "dgnet" => DgNet.TrainingSolverNames,
        "hnn" => Hnn.TrainingSolverNames,
        "node" => NeuralOde.TrainingSolverNames,
        _ => Srnn.TrainingSolverNames,
    };

    /// <summary>The solvers a model can predict with.</summary>
    public static IReadOnlyList<string> PredictionSolvers(string model) => Canonical(model) switch
    {
        "dgnet" => DgNet.PredictionSolverNames,
        "hnn" => Hnn.PredictionSolverNames,
        "node" => NeuralOde.PredictionSolverNames,
        _ => Srnn.PredictionSolverNames,
    };

    /// <summary>The default training solver: eq6 for dgnet, leapfrog for srnn, midpoint (RK2) for node and hnn.</summary>
    public static string DefaultSolver(string model) => Canonical(model) switch
    {
        "dgnet" => "eq6",
        "srnn" => "leapfrog",
        _ => "midpoint",
    };

    /// <summary>The canonical solver name, checked to be one <paramref name="model"/> can be trained through.</summary>
    /// <exception cref="ArgumentException">Unknown solver or invalid pair; the message says why and lists the valid solvers.</exception>
    public static string CheckTrainingSolver(string model, string solver) =>
        Check(model, solver, TrainingSolvers(model), "train through");

    /// <summary>The canonical solver name, checked to be one <paramref name="model"/> can predict with.</summary>
    /// <exception cref="ArgumentException">Unknown solver or invalid pair; the message says why and lists the valid solvers.</exception>
    public static string CheckPredictionSolver(string model, string solver) =>
        Check(model, solver, PredictionSolvers(model), "predict with");

    private static string Check(string model, string solver, IReadOnlyList<string> valid, string verb)
    {
        string name;
        try { name = SolverRegistry.Canonical(solver); }
        catch (ArgumentException e) { throw new ArgumentException($"--solver: {e.Message}"); }
        if (valid.Contains(name)) return name;
        string reason = (name, model, verb) switch
        {
            ("leapfrog" or "leapfrog-dkd", _, _) => "leapfrog needs a separable energy H = T(p) + V(q), which only srnn has",
            ("eq6", "node", _) => "eq6 needs the discrete gradient of a learned energy, and a neural ODE has no energy",
            ("eq6" or "implicit-midpoint", _, "train through") => $"{name} solves each step by Newton's method, which training cannot differentiate through",
            (_, "dgnet", "train through") => "a dgnet trains with eq6 only (training its energy through an integrator is what --model hnn does)",
            _ => $"{name} does not apply to this model",
        };
        throw new ArgumentException($"--solver {name}: a {model} model cannot {verb} it: {reason} (valid: {string.Join(", ", valid)})");
    }
}
