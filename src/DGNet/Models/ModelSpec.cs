using System.Text.Json;
using System.Text.Json.Serialization;
using DGNet.Discrete.Functions;
using DGNet.Structure;
using static TorchSharp.torch;

namespace DGNet.Models;

/// <summary>
/// Everything that fixes a model's architecture: which model, the state it acts on, the structure G (resolved to a
/// concrete operator name), the network widths and activation, and the time step it was trained for.
/// <see cref="PhysicsModels.Create(ModelSpec)"/> builds the same network from it every time; the weights come separately.
/// Serialised as snake_case JSON inside a run's <c>model.json</c>.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>JSON settings used for specs and run descriptions: snake_case names, indented.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>"dgnet", "hnn", "node" or "srnn" (see <see cref="PhysicsModels.Names"/>).</summary>
    public required string Model { get; init; }

    /// <summary>Shape of one state: [n] for an ODE state (q, p), [M] or [My, Mx] for a field.</summary>
    public required long[] StateShape { get; init; }

    /// <summary>The time step of the data the model learns from, and its default prediction step.</summary>
    public required double Dt { get; init; }

    /// <summary>Grid spacing of a field; null for ODE states.</summary>
    public double? Dx { get; init; }

    /// <summary>"float64" or "float32": the type of the parameters and of the states the model works on.</summary>
    [JsonPropertyName("dtype")]
    public string DType { get; init; } = "float64";

    /// <summary>
    /// The structure G of an energy model, one of <see cref="StructureOperators.Names"/> ("friction" is S - R with a
    /// learned r); null for a neural ODE, which has none.
    /// </summary>
    public string? Structure { get; init; }

    /// <summary>Size of a learned G kernel along each grid axis (odd).</summary>
    public long KernelSize { get; init; } = 3;

    /// <summary>
    /// A learned kernel's parameters are in units of 1/dx^K (0: plain numbers). Left out of the JSON when 0, so that the
    /// specs written before it existed read back unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int KernelOrder { get; init; }

    /// <summary>Width of the hidden layers (MLP units or convolution channels).</summary>
    public long Hidden { get; init; } = 200;

    /// <summary>Activation of the hidden layers (see <see cref="ElementwiseFunction.Names"/>).</summary>
    public string Activation { get; init; } = "tanh";

    /// <summary>Name of the system the training data came from, if known (for the true energy in evaluation).</summary>
    public string? System { get; init; }

    /// <summary>The state is a field on a periodic grid.</summary>
    [JsonIgnore]
    public bool IsField => Dx is not null;

    /// <summary>The dtype as a TorchSharp type.</summary>
    [JsonIgnore]
    public ScalarType ScalarType => ComputeSettings.ParseDType(DType);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that cannot describe a model.</summary>
    public void Validate()
    {
        if (!PhysicsModels.Names.Contains(Model))
            throw new ArgumentException($"unknown model '{Model}' (known: {string.Join(", ", PhysicsModels.Names)})");
        if (StateShape is null || StateShape.Length is < 1 or > 2 || StateShape.Any(n => n < 1))
            throw new ArgumentException($"a model's state shape is [n], [M] or [My, Mx] with positive sizes, got [{string.Join(", ", StateShape ?? [])}]");
        if (Dx is null && StateShape.Length != 1)
            throw new ArgumentException($"a state of shape [{string.Join(", ", StateShape)}] has two axes, so it is a field and needs a grid spacing dx");
        if (Dx is double dx && !(dx > 0 && double.IsFinite(dx)))
            throw new ArgumentException($"the grid spacing dx must be positive and finite, got {dx}");
        if (!(Dt > 0 && double.IsFinite(Dt)))
            throw new ArgumentException($"the time step dt must be positive and finite, got {Dt}");
        if (DType is not ("float64" or "float32"))
            throw new ArgumentException($"unknown dtype '{DType}' (known: float64, float32)");
        if (Hidden < 1) throw new ArgumentException($"--hidden: must be at least 1 (got {Hidden})");
        if (!ElementwiseFunction.Names.Contains(Activation))
            throw new ArgumentException($"--activation: unknown activation '{Activation}' (known: {string.Join(", ", ElementwiseFunction.Names)})");
        if (KernelSize < 1 || KernelSize % 2 == 0)
            throw new ArgumentException($"--kernel: a kernel size is odd and at least 1 (got {KernelSize})");
        if (KernelOrder is < 0 or > 4)
            throw new ArgumentException($"--kernel-order: the order of a grid operator, 0 to 4 (got {KernelOrder})");
        if (KernelOrder != 0 && (Dx is null || Structure is null || !Structure.StartsWith("learned", StringComparison.Ordinal)))
            throw new ArgumentException($"--kernel-order: only a learned kernel on a grid has units to choose (structure '{Structure ?? "none"}'{(Dx is null ? ", ODE states" : "")})");
        if (Dx is not null && StateShape.Any(n => n < 3))
            throw new ArgumentException($"a field needs at least 3 grid points per axis for the 3-wide convolutions, got [{string.Join(", ", StateShape)}]");
        if (Model == "node")
        {
            if (Structure is not null) throw new ArgumentException($"--structure: a neural ODE has no structure G (got '{Structure}')");
            return;
        }
        if (Structure is null || !StructureOperators.Names.Contains(Structure))
            throw new ArgumentException($"--structure: unknown structure '{Structure}' (known: {string.Join(", ", StructureOperators.Names)})");
        if (Structure.StartsWith("learned", StringComparison.Ordinal) && Dx is not null && StateShape.Any(n => n < KernelSize))
            throw new ArgumentException($"--kernel: a {KernelSize}-wide kernel does not fit the grid [{string.Join(", ", StateShape)}]");
    }

    /// <summary>The spec as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a spec from JSON.</summary>
    /// <exception cref="JsonException">The text is not a spec.</exception>
    public static ModelSpec FromJson(string json) =>
        JsonSerializer.Deserialize<ModelSpec>(json, Json) ?? throw new JsonException("the model description is empty (null)");
}
