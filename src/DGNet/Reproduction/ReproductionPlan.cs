using DGNet.Evaluation;
using DGNet.Training;

namespace DGNet.Reproduction;

/// <summary>
/// Everything a reproduction will do, with the file each piece of work writes and its configuration key, computed
/// before any work starts: so that finished work is recognised (and reused) and the time left can be estimated.
/// </summary>
public sealed class ReproductionPlan
{
    /// <summary>Folder of the generated or imported datasets, inside the output folder.</summary>
    public const string DataFolder = "data";

    /// <summary>Folder of the training runs (one <see cref="RunDirectory"/> each).</summary>
    public const string RunsFolder = "runs";

    /// <summary>Folder of the predictions with their metrics.</summary>
    public const string PredictionsFolder = "predictions";

    /// <summary>Folder of the figures.</summary>
    public const string FiguresFolder = "figures";

    private ReproductionPlan(string output, IReadOnlyList<DatasetPlan> datasets)
    {
        Output = output;
        Datasets = datasets;
    }

    /// <summary>The output folder.</summary>
    public string Output { get; }

    /// <summary>The datasets to work on, in order.</summary>
    public IReadOnlyList<DatasetPlan> Datasets { get; }

    /// <summary>The plan of <paramref name="request"/>.</summary>
    public static ReproductionPlan Build(ReproductionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string output = Path.GetFullPath(request.Output);
        var datasets = new List<DatasetPlan>();
        foreach (var preset in request.Preset.Datasets.Where(request.Includes))
        {
            var data = new List<DataPlan>();
            var trainings = new List<TrainingPlan>();
            foreach (long seed in request.EffectiveSeeds)
            {
                if (data.Count == 0 || preset.DataPerSeed) data.Add(Data(output, preset, seed));
                foreach (var row in preset.Rows.Where(request.Includes))
                    trainings.Add(Training(output, preset, data[^1], seed, row));
            }

            var longRollouts = new List<LongRolloutPlan>();
            if (request.Preset.LongRollout is { } longRollout && longRollout.DatasetKey == preset.Key
                && trainings.FirstOrDefault(t => t.Row.Model == "dgnet") is { } dgnet)
            {
                foreach (string solver in longRollout.Solvers)
                {
                    string key = ConfigurationKey.Of(new
                    {
                        kind = "long-rollout", training = dgnet.Key, solver, steps = longRollout.Steps, trajectory = "first test",
                        dopri5 = solver == "dopri5" ? preset.Dopri5 : null,
                    });
                    longRollouts.Add(new LongRolloutPlan(dgnet, solver, longRollout.Steps, key,
                        Path.Combine(output, PredictionsFolder, preset.Key, $"long-{solver}-{longRollout.Steps}-{key}.npz")));
                }
            }
            datasets.Add(new DatasetPlan(preset, data, trainings, longRollouts));
        }
        return new ReproductionPlan(output, datasets);
    }

    /// <summary>The dataset that <paramref name="seed"/>'s trainings learn from (shared unless <see cref="DatasetPreset.DataPerSeed"/>).</summary>
    private static DataPlan Data(string output, DatasetPreset preset, long seed)
    {
        var source = preset.DataPerSeed && preset.Data.Settings is { } settings
            ? preset.Data with { Settings = settings with { Seed = settings.Seed + seed } }
            : preset.Data;
        string key = ConfigurationKey.Of(new { kind = "data", source = DataIdentity(source) });
        long? owner = preset.DataPerSeed ? seed : null;
        DataPlan? orbits = null;
        if (preset.ReferenceOrbits is { } reference && source.Settings is { } simulated)
        {
            var orbitSource = source with { Settings = reference.Settings(simulated) };
            string orbitKey = ConfigurationKey.Of(new { kind = "data", source = DataIdentity(orbitSource) });
            orbits = new DataPlan(orbitSource, owner, orbitKey, Path.Combine(output, DataFolder, $"{preset.Key}-orbits-{orbitKey}.npz"));
        }
        return new DataPlan(source, owner, key, Path.Combine(output, DataFolder, $"{preset.Key}-{key}.npz"), orbits);
    }

    private static TrainingPlan Training(string output, DatasetPreset preset, DataPlan data, long seed, RowPreset row)
    {
        var choices = Choices(preset, row);
        var options = preset.Training.Options(row.TrainingSolver, seed, preset.Dopri5);
        string key = ConfigurationKey.Of(new { kind = "training", data = data.Key, choices, options });
        string name = $"{row.Model}-{row.TrainingSolver}-seed{seed}-{key}";
        var training = new TrainingPlan(preset, data, row, seed, choices, options, key,
            Path.Combine(output, RunsFolder, preset.Key, name), [], []);
        foreach (string solver in row.PredictionSolvers)
        {
            var configuration = new
            {
                kind = "prediction", training = key, solver, steps = preset.RolloutSteps, trajectories = "test",
                dopri5 = solver == "dopri5" ? preset.Dopri5 : null, derivative = Evaluator.DerivativeDefinition,
            };
            string predictionKey = ConfigurationKey.Of(configuration);
            string file = $"{row.Model}-{row.TrainingSolver}-{solver}-seed{seed}";
            training.Predictions.Add(new PredictionPlan(training, solver, predictionKey,
                Path.Combine(output, PredictionsFolder, preset.Key, $"{file}-{predictionKey}.npz")));
            if (data.Orbits is { } orbits)
            {
                // The same prediction, on the orbits' data instead of the training data's test split.
                string orbitKey = ConfigurationKey.Of(new { prediction = configuration, data = orbits.Key });
                training.OrbitPredictions.Add(new PredictionPlan(training, solver, orbitKey,
                    Path.Combine(output, PredictionsFolder, preset.Key, $"{file}-orbits-{orbitKey}.npz"), OnReferenceOrbits: true));
            }
        }
        return training;
    }

    /// <summary>The model choices of a row: the dataset's width, dtype, structure and friction (neural ODEs have none).</summary>
    public static ModelChoices Choices(DatasetPreset preset, RowPreset row) => row.Model == "node"
        ? new ModelChoices("node", Hidden: preset.Hidden, DType: preset.DType)
        : new ModelChoices(row.Model, Structure: preset.Structure, Friction: preset.Friction, Hidden: preset.Hidden, DType: preset.DType,
            KernelOrder: preset.KernelOrder);

    /// <summary>What identifies a dataset: the simulation settings, or the measured file's content and segmentation.</summary>
    private static object DataIdentity(DataSource source)
    {
        if (source.LipsonFile is not { } file) return source;
        if (!File.Exists(file)) throw new FileNotFoundException($"--real-pendulum {file}: file not found", file);
        using var stream = File.OpenRead(file);
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
        return new { lipson_sha256 = sha, segments = source.LipsonSegments };
    }
}

/// <summary>One dataset of a plan: its data files (one, or one per seed), trainings and long rollouts.</summary>
public sealed record DatasetPlan(DatasetPreset Preset, IReadOnlyList<DataPlan> Data, IReadOnlyList<TrainingPlan> Trainings,
    IReadOnlyList<LongRolloutPlan> LongRollouts);

/// <summary>
/// One data file of a plan: its source, the run seed it belongs to (null when shared by all seeds), key and path, and
/// the reference orbits that go with it (<see cref="DatasetPreset.ReferenceOrbits"/>), if any.
/// </summary>
public sealed record DataPlan(DataSource Source, long? Seed, string Key, string Path, DataPlan? Orbits = null);

/// <summary>
/// One training of a plan (a row preset for one seed), the data it learns from, its predictions on the test split and
/// the same predictions on the data's reference orbits (empty without them).
/// </summary>
public sealed record TrainingPlan(DatasetPreset Dataset, DataPlan Data, RowPreset Row, long Seed, ModelChoices Choices, TrainingOptions Options,
    string Key, string RunPath, List<PredictionPlan> Predictions, List<PredictionPlan> OrbitPredictions)
{
    /// <summary>A short name, e.g. "KdV: DGNet (Eq6), seed 0".</summary>
    public string Name => $"{Dataset.Title}: {Row.Label} ({RowPreset.SolverLabel(Row.TrainingSolver)}), seed {Seed}";
}

/// <summary>
/// One prediction of a plan: a training's model rolled out with one solver over the test split, or over the reference
/// orbits of its data (<paramref name="OnReferenceOrbits"/>).
/// </summary>
public sealed record PredictionPlan(TrainingPlan Training, string Solver, string Key, string Path, bool OnReferenceOrbits = false)
{
    /// <summary>A short name, e.g. "KdV: DGNet Eq6 → DP, seed 0" or "Mass-spring: HNN DP → DP, seed 0, reference orbits".</summary>
    public string Name =>
        $"{Training.Dataset.Title}: {Training.Row.Label} {RowPreset.SolverLabel(Training.Row.TrainingSolver)} → {RowPreset.SolverLabel(Solver)}, seed {Training.Seed}"
        + (OnReferenceOrbits ? ", reference orbits" : "");
}

/// <summary>A long rollout of a plan: a DGNet training's model from the first test state, with one solver.</summary>
public sealed record LongRolloutPlan(TrainingPlan Training, string Solver, int Steps, string Key, string Path)
{
    /// <summary>A short name, e.g. "KdV: long rollout, 5000 steps with DP".</summary>
    public string Name => $"{Training.Dataset.Title}: long rollout, {Steps} steps with {RowPreset.SolverLabel(Solver)}";
}
