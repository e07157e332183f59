using DGNet.Integrators;
using DGNet.Systems;

namespace DGNet.Reproduction;

/// <summary>
/// Everything the reproduction does with one dataset: where the data come from, the networks (width, dtype,
/// structure), the training budget shared by all rows, the Dormand-Prince tolerances of the DP rows and the rows
/// themselves.
/// </summary>
public sealed record DatasetPreset
{
    /// <summary>Short name used in file names and in the published table: "kdv", "mass-spring", ...</summary>
    public required string Key { get; init; }

    /// <summary>Name shown in tables and figures: "KdV", "Mass-spring", ...</summary>
    public required string Title { get; init; }

    /// <summary>The suite the dataset belongs to.</summary>
    public required ReproductionSuite Suite { get; init; }

    /// <summary>Where the data come from.</summary>
    public required DataSource Data { get; init; }

    /// <summary>"float32" (the paper's ODE runs) or "float64" (its PDE runs).</summary>
    public required string DType { get; init; }

    /// <summary>Width of the hidden layers (200 in the paper).</summary>
    public required long Hidden { get; init; }

    /// <summary>The training budget of every row.</summary>
    public required TrainingBudget Training { get; init; }

    /// <summary>The rows (trainings and their predictions).</summary>
    public required IReadOnlyList<RowPreset> Rows { get; init; }

    /// <summary>Tolerances of Dormand-Prince, in training and prediction (the reference's rtol 1e-7, atol 1e-9).</summary>
    public Dopri5Options Dopri5 { get; init; } = new();

    /// <summary>The energy models' structure G: "auto" (the system's) or a structure name such as "learned".</summary>
    public string Structure { get; init; } = "auto";

    /// <summary>A learned structure kernel's parameters are in units of 1/dx^K (see <see cref="Training.ModelChoices"/>).</summary>
    public int KernelOrder { get; init; }

    /// <summary>Energy models use S - R with a learned friction r >= 0 (the real pendulum).</summary>
    public bool Friction { get; init; }

    /// <summary>Rollout steps of the predictions; null for the data's length.</summary>
    public int? RolloutSteps { get; init; }

    /// <summary>
    /// Each run seed s simulates its own dataset, with simulation seed <see cref="GenerationSettings.Seed"/> + s, as the
    /// reference does for mass-spring and pendulum (so that a mean over seeds also averages over datasets, whose few
    /// extreme test orbits dominate the energy error); otherwise every seed learns from one dataset, as the reference
    /// does for 2-body and the PDEs. Seed 0's dataset is the same either way.
    /// </summary>
    public bool DataPerSeed { get; init; }

    /// <summary>
    /// The orbits the reference measures this dataset's energy error on (mass-spring and pendulum), predicted on beside
    /// the test split; null when the published errors come from the test split.
    /// </summary>
    public ReferenceOrbits? ReferenceOrbits { get; init; }
}
