using System.CommandLine;
using System.Globalization;
using DGNet.Data;
using DGNet.Evaluation;
using DGNet.Integrators;
using static TorchSharp.torch;

namespace DGNet.Cli.Commands;

/// <summary>
/// <c>dgnet predict --run RUN_DIR --data FILE.npz --out PRED.npz</c>: rollouts of a trained model from the first state
/// of each chosen trajectory, all trajectories in one batch, written with the learned and true energies, the mass of
/// fields and the solver's cost per step.
/// </summary>
internal static class PredictCommand
{
    public static Command Build(GlobalOptions globals)
    {
        var run = new Option<string>("--run") { Description = "A finished run directory (made by dgnet train).", Required = true };
        var data = new Option<string>("--data") { Description = "The dataset (.npz) whose trajectories' first states start the rollouts.", Required = true };
        var split = new Option<string>("--split") { Description = "Which trajectories: test (default), train or all.", DefaultValueFactory = _ => "test" };
        var solver = new Option<string>("--solver") { Description = "Prediction solver: eq6, euler, midpoint (rk2), rk4, dopri5, implicit-midpoint, leapfrog (srnn). Default: the training solver." };
        var steps = new Option<int?>("--steps") { Description = "Rollout steps (default: the data's length)." };
        var onFailure = new Option<string>("--on-failure") { Description = "When a trajectory fails: stop (default) or skip it and go on with the others.", DefaultValueFactory = _ => "stop" };
        var rtol = new Option<double?>("--rtol") { Description = "Relative tolerance of dopri5 (default 1e-7)." };
        var atol = new Option<double?>("--atol") { Description = "Absolute tolerance of dopri5 (default 1e-9)." };
        var output = new Option<string>("--out") { Description = "The predictions to write (.npz).", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite the output file if it exists." };
        var command = new Command("predict",
            "Roll a trained model out from each chosen trajectory's first state. Writes u [trajectories, steps + 1, *state], " +
            "model_energy, energy (known systems), mass (fields), solver_cost per step, dt, and any failures.")
        {
            run, data, split, solver, steps, onFailure, rtol, atol, output, force,
        };
        command.SetAction(parse =>
        {
            OptionChecks.Check(parse.GetValue(steps), "--steps", v => v >= 1, "must be at least 1");
            OptionChecks.Check(parse.GetValue(rtol), "--rtol", v => v > 0 && double.IsFinite(v), "must be positive");
            OptionChecks.Check(parse.GetValue(atol), "--atol", v => v > 0 && double.IsFinite(v), "must be positive");
            string splitName = parse.GetValue(split)!.ToLowerInvariant();
            if (splitName is not ("test" or "train" or "all")) throw new UsageException($"--split: unknown split '{splitName}' (known: test, train, all)");
            var policy = parse.GetValue(onFailure)!.ToLowerInvariant() switch
            {
                "stop" => FailurePolicy.Stop,
                "skip" => FailurePolicy.Skip,
                var other => throw new UsageException($"--on-failure: unknown policy '{other}' (known: stop, skip)"),
            };
            string outPath = parse.GetValue(output)!;
            OutputFile.CheckWritable(outPath, parse.GetValue(force));
            globals.Apply(parse);

            using var trained = TrainedRun.Open(parse.GetValue(run)!, parse.GetValue(data)!);
            string solverName = trained.PredictionSolver(parse.GetValue(solver));
            var dataset = trained.Data;
            int[] chosen = splitName switch
            {
                "test" => dataset.TestTrajectories,
                "train" => dataset.TrainTrajectories,
                _ => Enumerable.Range(0, dataset.Trajectories).ToArray(),
            };
            if (chosen.Length == 0) throw new UsageException($"--split {splitName}: {dataset.SourcePath} has no {splitName} trajectories");
            int n = parse.GetValue(steps) ?? dataset.TimePoints - 1;
            var options = new PredictionOptions
            {
                OnFailure = policy,
                Dopri5 = new Dopri5Options(parse.GetValue(rtol) ?? 1e-7, parse.GetValue(atol) ?? 1e-9),
            };

            using var model = trained.LoadModel().Model;
            using var scope = NewDisposeScope();
            var initial = dataset.U.index_select(0, tensor(chosen.Select(t => (long)t).ToArray())).select(1, 0);
            using var prediction = Predictor.Predict(model, initial, n, solverName, options);

            var arrays = Arrays(prediction, dataset, chosen);
            Npz.Write(outPath, arrays, compress: false, overwrite: true);

            var stderr = parse.InvocationConfiguration.Error;
            foreach (var failure in prediction.Failures)
                stderr.WriteLine($"dgnet: warning: {Describe(chosen[failure.Trajectory], failure.Step, failure.Message)}");
            if (prediction.StoppedBy is { } stop)
            {
                int step = stop.Step ?? 1;
                stderr.WriteLine($"dgnet: step {step}, trajectory {chosen[stop.Trajectory]}: {stop.Detail}; {stop.Advice} " +
                                 $"(states up to step {step - 1} written to {outPath}; --on-failure skip lets the other trajectories go on)");
                return ExitCodes.Failure;
            }
            if (prediction.Failures.Count == chosen.Length)
            {
                stderr.WriteLine($"dgnet: every one of the {chosen.Length} rollouts failed (see the warnings above; states so far written to {outPath})");
                return ExitCodes.Failure;
            }
            double costPerStep = prediction.StepCost.Where(double.IsFinite).DefaultIfEmpty(0).Average();
            string failedNote = prediction.Failures.Count > 0 ? $", {prediction.Failures.Count} failed" : "";
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath}: {chosen.Length} {splitName} trajectories × {n} steps with {solverName} " +
                $"(mean {costPerStep:0.##} {prediction.CostUnit} per step){failedNote}"));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The arrays of a prediction file.</summary>
    private static Dictionary<string, NpyArray> Arrays(PredictionResult prediction, Dataset dataset, int[] chosen)
    {
        using var scope = NewDisposeScope();
        var states = prediction.States.to_type(ScalarType.Float64);
        var arrays = new Dictionary<string, NpyArray>
        {
            ["u"] = NpyArray.FromTensor(states),
            ["dt"] = NpyArray.Scalar(prediction.Dt),
            ["trajectories"] = new NpyArray(chosen.Select(t => (long)t).ToArray(), (long)chosen.Length),
            ["solver"] = NpyArray.Scalar(prediction.Solver),
            ["solver_cost"] = new NpyArray(prediction.StepCost, (long)prediction.StepCost.Length),
            ["solver_cost_unit"] = NpyArray.Scalar(prediction.CostUnit),
        };
        if (prediction.ModelEnergy is { } learned) arrays["model_energy"] = NpyArray.FromTensor(learned.to_type(ScalarType.Float64));
        if (KnownSystem.For(dataset) is { } system)
        {
            var energy = system.Energy(states.flatten(0, 1)).reshape(states.shape[0], states.shape[1]);
            arrays["energy"] = NpyArray.FromTensor(energy);
        }
        if (dataset.Dx is double dx)
        {
            arrays["mass"] = NpyArray.FromTensor(Metrics.Mass(states, dx, dataset.StateShape.Length));
            arrays["dx"] = NpyArray.Scalar(dx);
        }
        var failedAt = prediction.FailedAt();
        var failed = Enumerable.Range(0, failedAt.Length).Where(b => failedAt[b] is not null).ToArray();
        if (failed.Length > 0)
        {
            arrays["failed_trajectory"] = new NpyArray(failed.Select(b => (long)chosen[b]).ToArray(), (long)failed.Length);
            arrays["failed_step"] = new NpyArray(failed.Select(b => (long)failedAt[b]!.Value).ToArray(), (long)failed.Length);
        }
        return arrays;
    }

    /// <summary>A skipped trajectory's one-line failure, naming its index in the dataset.</summary>
    private static string Describe(int trajectory, int step, string message)
    {
        int colon = message.IndexOf(": ", StringComparison.Ordinal);
        return $"step {step}, trajectory {trajectory}: {(colon >= 0 ? message[(colon + 2)..] : message)}";
    }
}
