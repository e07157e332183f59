using DGNet.Systems;

namespace DGNet.Reproduction;

/// <summary>
/// The two reproductions as data, in one place. <see cref="Paper"/> restates the paper's settings (paper.md section
/// 3): data sizes, widths 200, steps, batches, weight decay, dtypes (ODEs float32, PDEs float64), DP tolerances
/// rtol 1e-7 / atol 1e-9, 500-step PDE rollouts and a 5000-step KdV drift rollout. <see cref="Quick"/> runs the same
/// rows and code paths with smaller budgets (fewer trajectories, narrower networks, fewer steps: 300 for the PDEs, 600
/// for the cheaper ODEs), so that all suites finish in a few minutes on two cores.
/// </summary>
public static class Presets
{
    /// <summary>The preset names accepted by <c>--preset</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["quick", "paper"];

    /// <summary>The key of the 2-D Cahn-Hilliard dataset (with the learned 3×3 G and the memory comparison).</summary>
    public const string CahnHilliard2dKey = "cahn-hilliard-2d";

    /// <summary>The PDE tables' rows: NODE and HNN++ through RK2 and DP, DGNet through Eq. (6) predicted three ways.</summary>
    public static IReadOnlyList<RowPreset> PdeRows { get; } =
    [
        new("NODE", "node", "midpoint", ["midpoint"]),
        new("NODE", "node", "dopri5", ["dopri5"]),
        new("HNN++", "hnn", "midpoint", ["midpoint"]),
        new("HNN++", "hnn", "dopri5", ["dopri5"]),
        new("DGNet", "dgnet", "eq6", ["midpoint", "dopri5", "eq6"]),
    ];

    /// <summary>The conservative ODE tables' rows: as the PDE rows (HNN for HNN++), with SRNN through leapfrog.</summary>
    public static IReadOnlyList<RowPreset> OdeRows { get; } =
    [
        new("NODE", "node", "midpoint", ["midpoint"]),
        new("NODE", "node", "dopri5", ["dopri5"]),
        new("HNN", "hnn", "midpoint", ["midpoint"]),
        new("HNN", "hnn", "dopri5", ["dopri5"]),
        new("SRNN", "srnn", "leapfrog", ["leapfrog"]),
        new("DGNet", "dgnet", "eq6", ["midpoint", "dopri5", "eq6"]),
    ];

    /// <summary>The real pendulum's rows: no SRNN, whose canonical structure has no friction term (the paper lists none).</summary>
    public static IReadOnlyList<RowPreset> RealPendulumRows { get; } = [.. OdeRows.Where(r => r.Model != "srnn")];

    /// <summary>The 2-D Cahn-Hilliard row: DGNet with a freely learned 3×3 structure kernel.</summary>
    public static IReadOnlyList<RowPreset> LearnedStructureRows { get; } = [new("DGNet", "dgnet", "eq6", ["eq6"])];

    /// <summary>The preset called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static ReproductionPreset Named(string name) => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "quick" => Quick,
        "paper" => Paper,
        _ => throw new ArgumentException($"--preset: unknown preset '{name}' (known: {string.Join(", ", Names)})"),
    };

    /// <summary>The paper's settings (paper.md section 3); seeds 0..14.</summary>
    public static ReproductionPreset Paper { get; } = new(
        "paper",
        [
            // The published PDE and 2-body numbers were measured on the reference code's data: the same initial states,
            // drawn as it draws them (NumPy seed 1 for KdV, 0 for Cahn-Hilliard and 2-body), with the same scheme.
            Pde("kdv", "KdV", "kdv", new GenerationSettings(100, 500, 1e-3, 0, 0.1, Seed: 1, Sampler: GenerationSettings.ReferenceSampler),
                hidden: 200, new TrainingBudget(10000, 200, 0, LogEvery: 200, CheckpointEvery: 500)),
            Pde("cahn-hilliard", "Cahn-Hilliard", "cahn-hilliard",
                new GenerationSettings(100, 500, 1e-4, 0, 0.1, Sampler: GenerationSettings.ReferenceSampler), hidden: 200,
                new TrainingBudget(10000, 200, 0, LogEvery: 200, CheckpointEvery: 500)),
            // Not in the paper's tables (slides / journal version): our grid and sizes; batch 20 keeps the 200-channel
            // activations of a 32 × 32 pair batch near 100 MB.
            LearnedStructure(new GenerationSettings(20, 500, 1e-4, 0, 0.2), grid: 32, hidden: 200,
                new TrainingBudget(10000, 20, 0, LogEvery: 200, CheckpointEvery: 500)),
            Ode("mass-spring", "Mass-spring", "mass-spring", new GenerationSettings(50, 99, 20.0 / 99, 0.1, 0.5), hidden: 200,
                new TrainingBudget(2001, null, 1e-4, LogEvery: 50, CheckpointEvery: 500), dataPerSeed: true, ReferenceOrbits.SpringAndPendulum),
            Ode("pendulum", "Pendulum", "pendulum", new GenerationSettings(50, 99, 20.0 / 99, 0.1, 0.5), hidden: 200,
                new TrainingBudget(2001, null, 1e-4, LogEvery: 50, CheckpointEvery: 500), dataPerSeed: true, ReferenceOrbits.SpringAndPendulum),
            // The reference code's 2-body orbits (NumPy seed 0, its test fifth first), shared by all seeds as its
            // cached dataset is; its energy error on the first orbit of each of the seeds 0-14.
            Ode("two-body", "2-body", "two-body",
                new GenerationSettings(1000, 499, 25.0 / 499, 0, 0.2, Sampler: GenerationSettings.ReferenceSampler), hidden: 200,
                new TrainingBudget(10000, 200, 0, LogEvery: 200, CheckpointEvery: 500), referenceOrbits: ReferenceOrbits.TwoBody),
        ],
        Enumerable.Range(0, 15).Select(s => (long)s).ToArray(),
        new LongRolloutPreset("kdv", 5000, ["eq6", "dopri5"]),
        // The reference implementation's weight decay for the measured pendulum is 1e-5.
        RealPendulumTemplate(hidden: 200, new TrainingBudget(2000, null, 1e-5, LogEvery: 50, CheckpointEvery: 500)));

    /// <summary>The same rows with small budgets (a few minutes for all suites on two cores); seed 0.</summary>
    public static ReproductionPreset Quick { get; } = new(
        "quick",
        [
            Pde("kdv", "KdV", "kdv", new GenerationSettings(20, 500, 1e-3, 0, 0.1), hidden: 32, QuickBudget(300, 64, 0)),
            Pde("cahn-hilliard", "Cahn-Hilliard", "cahn-hilliard", new GenerationSettings(20, 500, 1e-4, 0, 0.1), hidden: 32,
                QuickBudget(300, 64, 0)),
            LearnedStructure(new GenerationSettings(6, 200, 1e-4, 0, 0.34), grid: 16, hidden: 16, QuickBudget(300, 32, 0)),
            Ode("mass-spring", "Mass-spring", "mass-spring", new GenerationSettings(20, 99, 20.0 / 99, 0.1, 0.5), hidden: 32,
                QuickBudget(600, 128, 1e-4), dataPerSeed: true, ReferenceOrbits.SpringAndPendulum),
            Ode("pendulum", "Pendulum", "pendulum", new GenerationSettings(20, 99, 20.0 / 99, 0.1, 0.5), hidden: 32,
                QuickBudget(600, 128, 1e-4), dataPerSeed: true, ReferenceOrbits.SpringAndPendulum),
            Ode("two-body", "2-body", "two-body", new GenerationSettings(30, 499, 25.0 / 499, 0, 0.2), hidden: 32,
                QuickBudget(600, 128, 0)),
        ],
        [0],
        new LongRolloutPreset("kdv", 5000, ["eq6", "dopri5"]),
        RealPendulumTemplate(hidden: 32, QuickBudget(600, null, 1e-5)));

    /// <summary>A budget of the quick preset: a few hundred steps at the paper's learning rate, logged every 20 steps.</summary>
    private static TrainingBudget QuickBudget(int steps, int? batch, double weightDecay) =>
        new(steps, batch, weightDecay, LogEvery: 20, CheckpointEvery: 100);

    /// <summary>A PDE dataset: float64, the system's structure, the PDE rows.</summary>
    public static DatasetPreset Pde(string key, string title, string system, GenerationSettings data, long hidden,
        TrainingBudget training, int? grid = null) => new()
    {
        Key = key, Title = title, Suite = ReproductionSuite.Pde, Data = DataSource.Simulated(system, data, grid),
        DType = "float64", Hidden = hidden, Training = training, Rows = PdeRows,
    };

    /// <summary>
    /// A conservative ODE dataset: float32, the canonical structure, the ODE rows; <paramref name="dataPerSeed"/> gives
    /// each seed its own dataset (<see cref="DatasetPreset.DataPerSeed"/>) and <paramref name="referenceOrbits"/> adds the
    /// reference's energy-error orbits.
    /// </summary>
    public static DatasetPreset Ode(string key, string title, string system, GenerationSettings data, long hidden,
        TrainingBudget training, bool dataPerSeed = false, ReferenceOrbits? referenceOrbits = null) => new()
    {
        Key = key, Title = title, Suite = ReproductionSuite.Ode, Data = DataSource.Simulated(system, data),
        DType = "float32", Hidden = hidden, Training = training, Rows = OdeRows, DataPerSeed = dataPerSeed,
        ReferenceOrbits = referenceOrbits,
    };

    /// <summary>
    /// 2-D Cahn-Hilliard with DGNet and a freely learned 3×3 structure kernel, float64, its parameters in units of 1/dx²:
    /// in plain numbers the kernel was still growing towards the operator's size after the paper's 10,000 steps.
    /// </summary>
    public static DatasetPreset LearnedStructure(GenerationSettings data, int grid, long hidden, TrainingBudget training) => new()
    {
        Key = CahnHilliard2dKey, Title = "2-D Cahn-Hilliard, learned G", Suite = ReproductionSuite.Pde,
        Data = DataSource.Simulated("cahn-hilliard-2d", data, grid), DType = "float64", Hidden = hidden,
        Training = training, Rows = LearnedStructureRows, Structure = "learned", KernelOrder = 2,
    };

    /// <summary>The real pendulum without its file: float32, friction on, the real pendulum's rows.</summary>
    public static DatasetPreset RealPendulumTemplate(long hidden, TrainingBudget training) => new()
    {
        Key = "real-pendulum", Title = "Real pendulum", Suite = ReproductionSuite.Ode, Data = DataSource.Lipson(""),
        DType = "float32", Hidden = hidden, Training = training, Rows = RealPendulumRows, Friction = true,
    };
}
