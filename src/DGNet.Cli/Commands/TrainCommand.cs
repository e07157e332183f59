using System.CommandLine;
using System.Globalization;
using DGNet.Data;
using DGNet.Discrete.Functions;
using DGNet.Models;
using DGNet.Training;

namespace DGNet.Cli.Commands;

/// <summary>
/// <c>dgnet train --data FILE.npz --model dgnet|hnn|node|srnn --out RUN_DIR</c>: trains a model on the train split,
/// with a progress bar, a CSV log, atomic checkpoints and the final weights with their description. Ctrl-C or SIGTERM stops
/// after the current step with a checkpoint; <c>--resume</c> continues a run from its checkpoint.
/// </summary>
internal static class TrainCommand
{
    public static Command Build(GlobalOptions globals)
    {
        var data = new Option<string>("--data") { Description = "The dataset (.npz); its train split is trained on, its test split gives the logged test loss. Optional with --resume (the run's data file)." };
        var model = new Option<string>("--model") { Description = $"The model: {string.Join(", ", PhysicsModels.Names)}." };
        var solver = new Option<string>("--solver") { Description = "Training solver: eq6 (dgnet), euler, midpoint (rk2), rk4, dopri5, leapfrog (srnn). Default: eq6 for dgnet, leapfrog for srnn, midpoint for node and hnn." };
        var output = new Option<string>("--out") { Description = "The run directory to write (model.json, model.npz, checkpoint.npz, log.csv).", Required = true };
        var steps = new Option<int?>("--steps") { Description = "Training steps (default 1000). With --resume: a larger number extends the run." };
        var batch = new Option<string>("--batch") { Description = "Pairs per step, or 'full' for every train pair (default as in the paper: full for at most 5,000 train pairs, else 200)." };
        var microBatch = new Option<int?>("--micro-batch") { Description = "Pairs per backward pass inside a step (default: the whole batch); smaller values need less memory and give the same gradient." };
        var lr = new Option<double?>("--lr") { Description = "Adam learning rate (default 1e-3)." };
        var weightDecay = new Option<double?>("--weight-decay") { Description = "L2 weight decay (default 0; the paper uses 1e-4 for ODEs)." };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Steps between checkpoints (default 100); one is also written after every 10 minutes of training, at the end and on Ctrl-C or SIGTERM, so that a killed run loses little." };
        var logEvery = new Option<int?>("--log-every") { Description = "Steps between log rows with the test loss (default: steps/20, between 1 and 100)." };
        var structure = new Option<string>("--structure") { Description = $"Structure G: {string.Join(", ", ModelSetup.StructureChoices)} (default auto: the data's system's; for unknown data canonical S on ODE states, a freely learned kernel on fields)." };
        var friction = new Option<bool>("--friction") { Description = "S - R with a learned friction r >= 0 (ODE states)." };
        var kernel = new Option<long?>("--kernel") { Description = "Size of a learned G kernel along each grid axis, odd (default 3: 3 in 1-D, 3x3 in 2-D)." };
        var kernelOrder = new Option<int?>("--kernel-order") { Description = "Units of a learned G kernel's parameters: 1/dx^K, K from 0 to 4 (default 0: plain numbers); 2 puts a Laplacian's weights at order one, which a second-order operator such as Cahn-Hilliard's learns far faster with." };
        var hidden = new Option<long?>("--hidden") { Description = "Width of the hidden layers (default 200)." };
        var activation = new Option<string>("--activation") { Description = $"Hidden activation: {string.Join(", ", ElementwiseFunction.Names)} (default tanh)." };
        var rtol = new Option<double?>("--rtol") { Description = "Relative tolerance of dopri5 (default 1e-7)." };
        var atol = new Option<double?>("--atol") { Description = "Absolute tolerance of dopri5 (default 1e-9)." };
        var adjoint = new Option<bool>("--adjoint") { Description = "node and hnn: differentiate the training solver (euler, midpoint, rk4, dopri5) by the adjoint method, with memory independent of its number of steps, instead of back-propagating through its steps." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint, with its recorded settings." };
        var allowDataChange = new Option<bool>("--allow-data-change") { Description = "With --resume: continue on --data even when it differs from the data the run trained on by more than the last bits that regenerating it on another CPU changes (a run resumes on such regenerated data by itself); the change is recorded in model.json. The split and the number of time points must still match." };
        var force = new Option<bool>("--force") { Description = "Replace an existing run in --out." };

        var command = new Command("train",
            "Train a model; loss = mean over train pairs of ||(u[n+1] - u[n])/dt - estimate||², Adam. The seed is the global --seed.")
        {
            data, model, solver, output, steps, batch, microBatch, lr, weightDecay, checkpointEvery, logEvery, structure, friction, kernel,
            kernelOrder, hidden, activation, rtol, atol, adjoint, resume, allowDataChange, force,
        };
        Option[] fixedByRun = [model, solver, batch, microBatch, lr, weightDecay, checkpointEvery, logEvery, structure, friction, kernel, kernelOrder, hidden, activation, rtol, atol, adjoint];

        command.SetAction(parse =>
        {
            OptionChecks.Check(parse.GetValue(steps), "--steps", v => v >= 1, "must be at least 1");
            OptionChecks.Check(parse.GetValue(microBatch), "--micro-batch", v => v >= 1, "must be at least 1");
            OptionChecks.Check(parse.GetValue(lr), "--lr", v => v > 0 && double.IsFinite(v), "must be positive");
            OptionChecks.Check(parse.GetValue(weightDecay), "--weight-decay", v => v >= 0 && double.IsFinite(v), "must be zero or positive");
            OptionChecks.Check(parse.GetValue(checkpointEvery), "--checkpoint-every", v => v >= 1, "must be at least 1");
            OptionChecks.Check(parse.GetValue(logEvery), "--log-every", v => v >= 1, "must be at least 1");
            OptionChecks.Check(parse.GetValue(kernel), "--kernel", v => v >= 1 && v % 2 == 1, "must be odd and at least 1");
            OptionChecks.Check(parse.GetValue(kernelOrder), "--kernel-order", v => v is >= 0 and <= 4, "must be 0 to 4");
            OptionChecks.Check(parse.GetValue(hidden), "--hidden", v => v >= 1, "must be at least 1");
            OptionChecks.Check(parse.GetValue(rtol), "--rtol", v => v > 0 && double.IsFinite(v), "must be positive");
            OptionChecks.Check(parse.GetValue(atol), "--atol", v => v > 0 && double.IsFinite(v), "must be positive");
            string? batchText = parse.GetValue(batch);
            int? batchSize = OptionChecks.ParseBatch(batchText);

            string runPath = parse.GetValue(output)!;
            bool resuming = parse.GetValue(resume), overwrite = parse.GetValue(force);
            if (resuming && overwrite) throw new UsageException("--resume and --force exclude each other: continue the run, or replace it");
            if (!resuming && parse.GetValue(allowDataChange)) throw new UsageException("--allow-data-change: only for --resume (a new run records the data it starts on)");
            if (File.Exists(runPath)) throw new UsageException($"--out {runPath}: is a file, not a run directory");
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;

            TrainingRun run;
            string? dataPath = parse.GetValue(data);
            if (resuming)
            {
                foreach (var option in fixedByRun.Concat([globals.Seed, globals.DType]))
                    if (OptionChecks.IsGiven(parse, option))
                        throw new UsageException($"{option.Name}: a resumed run keeps the settings recorded in {Path.Combine(runPath, RunDirectory.DescriptionFile)}; only --steps (to extend it), --data and --allow-data-change may be given");
                var description = new RunDirectory(runPath).ReadDescription();
                globals.Apply(parse);
                dataPath ??= description.Data.Path;
                using var dataset = Dataset.Load(dataPath);
                run = TrainingRun.Resume(runPath, dataset, parse.GetValue(steps), parse.GetValue(allowDataChange));
                if (run.AcceptedDataChange is { } change)
                    stderr.WriteLine($"dgnet: note: resuming on {dataPath}, whose bytes differ from the run's data; {change.Describe()}");
            }
            else
            {
                if (dataPath is null) throw new UsageException("--data: required (the dataset to train on)");
                string modelName = parse.GetValue(model) ?? throw new UsageException($"--model: required ({string.Join(", ", PhysicsModels.Names)})");
                modelName = PhysicsModels.Canonical(modelName);
                string solverName = PhysicsModels.CheckTrainingSolver(modelName, parse.GetValue(solver) ?? PhysicsModels.DefaultSolver(modelName));
                string activationName = (parse.GetValue(activation) ?? "tanh").ToLowerInvariant();
                if (!ElementwiseFunction.Names.Contains(activationName))
                    throw new UsageException($"--activation: unknown activation '{activationName}' (known: {string.Join(", ", ElementwiseFunction.Names)})");
                string structureName = (parse.GetValue(structure) ?? "auto").ToLowerInvariant();
                if (!ModelSetup.StructureChoices.Contains(structureName))
                    throw new UsageException($"--structure: unknown structure '{structureName}' (known: {string.Join(", ", ModelSetup.StructureChoices)})");
                if (Directory.Exists(runPath) && Directory.EnumerateFileSystemEntries(runPath).Any() && !overwrite)
                    throw new UsageException($"--out {runPath}: the run directory already exists; pass --force to replace it or --resume to continue it");
                string? parent = Path.GetDirectoryName(Path.GetFullPath(runPath));
                if (parent is not null && !Directory.Exists(parent))
                    throw new UsageException($"--out {runPath}: the folder {parent} does not exist");
                var compute = globals.Apply(parse);

                using var dataset = Dataset.Load(dataPath);
                var choices = new ModelChoices(modelName, structureName, parse.GetValue(friction), parse.GetValue(kernel) ?? 3,
                    parse.GetValue(hidden) ?? 200, activationName, ComputeSettings.DTypeName(compute.DType), parse.GetValue(kernelOrder) ?? 0);
                var spec = ModelSetup.Spec(dataset, choices);
                int totalSteps = parse.GetValue(steps) ?? 1000;
                var options = new TrainingOptions
                {
                    Solver = solverName,
                    Steps = totalSteps,
                    BatchSize = batchText is null ? TrainingOptions.PaperBatchSize((long)dataset.TrainTrajectories.Length * (dataset.TimePoints - 1)) : batchSize,
                    MicroBatch = parse.GetValue(microBatch),
                    LearningRate = parse.GetValue(lr) ?? 1e-3,
                    WeightDecay = parse.GetValue(weightDecay) ?? 0,
                    Seed = compute.Seed,
                    CheckpointEvery = parse.GetValue(checkpointEvery) ?? 100,
                    LogEvery = parse.GetValue(logEvery) ?? TrainingOptions.DefaultLogEvery(totalSteps),
                    RelativeTolerance = parse.GetValue(rtol) ?? 1e-7,
                    AbsoluteTolerance = parse.GetValue(atol) ?? 1e-9,
                    Adjoint = parse.GetValue(adjoint),
                };
                run = TrainingRun.Start(runPath, dataset, spec, options, overwrite);
            }

            using (run)
            {
                var description = run.Description;
                TrainingResult result;
                using (var interrupt = new StopSignals())
                {
                    string title = $"train {description.Model.Model} ({description.Training.Solver})";
                    result = TrainingProgressDisplay.Run(stderr, title, run.CompletedSteps, description.Training.Steps,
                        progress => run.Run(progress, interrupt.Token));
                }
                var c = CultureInfo.InvariantCulture;
                switch (result.Status)
                {
                    case TrainingStatus.Completed:
                        stdout.WriteLine(string.Create(c,
                            $"trained {description.Model.Model} ({description.Training.Solver}) on {description.Data.Path} for {result.Step} steps " +
                            $"in {result.WallSeconds:F1} s: train loss {result.TrainLoss:0.###e+00}, test loss {result.TestLoss:0.###e+00}; " +
                            $"wrote {run.Directory.WeightsPath}, {RunDirectory.DescriptionFile}, {RunDirectory.LogFile}"));
                        return ExitCodes.Success;
                    case TrainingStatus.Cancelled:
                        stderr.WriteLine($"dgnet: interrupted after step {result.Step}; checkpoint written to {run.Directory.CheckpointPath}; " +
                                         $"resume with: dgnet train --resume --out {runPath}");
                        return ExitCodes.Failure;
                    default:
                        stderr.WriteLine($"dgnet: training stopped: the loss became non-finite (NaN or infinity) at step {result.Step}; " +
                                         $"the last good checkpoint (step {result.CheckpointStep}) is kept in {run.Directory.CheckpointPath}; try a smaller --lr");
                        return ExitCodes.Failure;
                }
            }
        });
        return command;
    }
}
