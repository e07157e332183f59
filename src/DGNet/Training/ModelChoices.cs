using System.Text.Json.Serialization;

namespace DGNet.Training;

/// <summary>
/// What a user chooses about a model before it sees the data (the command line's options); <see cref="ModelSetup"/>
/// combines them with the dataset into a <see cref="Models.ModelSpec"/>.
/// </summary>
/// <param name="Model">"dgnet", "hnn", "node" or "srnn".</param>
/// <param name="Structure">"auto" or a structure name (see <see cref="ModelSetup.Resolve"/>).</param>
/// <param name="Friction">Use S - R with a learned friction r >= 0 (ODE states).</param>
/// <param name="KernelSize">Size of a learned G kernel along each grid axis.</param>
/// <param name="Hidden">Width of the hidden layers.</param>
/// <param name="Activation">Activation of the hidden layers.</param>
/// <param name="DType">"float64" or "float32".</param>
/// <param name="KernelOrder">A learned kernel's parameters are in units of 1/dx^K (0: plain numbers); left out of the
/// JSON when 0, so that configuration keys made before it existed are unchanged.</param>
public sealed record ModelChoices(
    string Model,
    string Structure = "auto",
    bool Friction = false,
    long KernelSize = 3,
    long Hidden = 200,
    string Activation = "tanh",
    string DType = "float64",
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int KernelOrder = 0);
