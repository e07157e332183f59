using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DGNet.Evaluation;
using DGNet.Integrators;
using DGNet.Reproduction;
using DGNet.Training;

namespace DGNet.Cli.Commands;

/// <summary>
/// <c>dgnet eval --run RUN_DIR --data FILE.npz</c>: the paper's derivative, energy and state errors of a trained model
/// on the test split, printed as a table and optionally written as JSON; with <c>--checkpoint</c>, of a training's
/// latest checkpoint, to judge a training of hours or days before it ends.
/// </summary>
internal static class EvalCommand
{
    public static Command Build(GlobalOptions globals)
    {
        var run = new Option<string>("--run") { Description = "A finished run directory (made by dgnet train or dgnet reproduce); with --checkpoint, any run with a checkpoint.", Required = true };
        var data = new Option<string>("--data") { Description = "The dataset (.npz); its test split is evaluated.", Required = true };
        var solver = new Option<string>("--solver") { Description = "Prediction solver of the rollouts (default: the training solver)." };
        var steps = new Option<int?>("--steps") { Description = "Rollout steps (default: the data's length)." };
        var rtol = new Option<double?>("--rtol") { Description = "Relative tolerance of dopri5 prediction (default 1e-7)." };
        var atol = new Option<double?>("--atol") { Description = "Absolute tolerance of dopri5 prediction (default 1e-9)." };
        var json = new Option<string>("--json") { Description = "Also write the results as JSON to this file." };
        var force = new Option<bool>("--force") { Description = "Overwrite the JSON file if it exists." };
        var checkpoint = new Option<bool>("--checkpoint")
        {
            Description = "Evaluate the run's latest checkpoint instead of its final weights: a training still running, or stopped, as far as it has got.",
        };
        var command = new Command("eval",
            "Evaluate a trained model on the test split: derivative error (the model's time derivative f(u) against dudt at " +
            "every test state, or at step midpoints against (u[n+1] - u[n])/dt when the data have no dudt), energy error (true " +
            "energy along true vs predicted trajectories, known systems only) and state error (rollout MSE, initial state excluded).")
        {
            run, data, solver, steps, rtol, atol, json, force, checkpoint,
        };
        command.SetAction(parse =>
        {
            OptionChecks.Check(parse.GetValue(steps), "--steps", v => v >= 1, "must be at least 1");
            OptionChecks.Check(parse.GetValue(rtol), "--rtol", v => v > 0 && double.IsFinite(v), "must be positive");
            OptionChecks.Check(parse.GetValue(atol), "--atol", v => v > 0 && double.IsFinite(v), "must be positive");
            string? jsonPath = parse.GetValue(json);
            if (jsonPath is not null) OutputFile.CheckWritable(jsonPath, parse.GetValue(force), "--json");
            globals.Apply(parse);

            using var trained = TrainedRun.Open(parse.GetValue(run)!, parse.GetValue(data)!, parse.GetValue(checkpoint));
            string solverName = trained.PredictionSolver(parse.GetValue(solver));
            var dataset = trained.Data;
            if (dataset.TestTrajectories.Length == 0) throw new InvalidDataException($"{dataset.SourcePath}: has no test trajectories to evaluate on");
            int? n = parse.GetValue(steps);
            if (n > dataset.TimePoints - 1)
                throw new UsageException($"--steps: the data have {dataset.TimePoints - 1} steps to compare with (got {n})");
            var training = trained.Description.Training;
            var options = new PredictionOptions { Dopri5 = new Dopri5Options(parse.GetValue(rtol) ?? 1e-7, parse.GetValue(atol) ?? 1e-9) };

            var (loaded, progress) = trained.LoadModel();
            using var model = loaded;
            var result = Evaluator.Evaluate(model, dataset, training.Solver, solverName, n, options);

            var stdout = parse.InvocationConfiguration.Output;
            stdout.Write(Table(RunLabel(trained, progress), dataset.SourcePath ?? "", result));
            if (jsonPath is not null)
            {
                EvaluationReport.Write(jsonPath, Json(trained, progress, result), overwrite: true);
                stdout.WriteLine($"wrote {jsonPath}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The run's folder, and for a checkpoint how far its training had got.</summary>
    private static string RunLabel(TrainedRun trained, CheckpointProgress? progress) => progress is null
        ? trained.Directory.Path
        : string.Create(CultureInfo.InvariantCulture,
            $"{trained.Directory.Path} (its checkpoint at step {progress.Step:N0} of {trained.Description.Training.Steps:N0}, after {PlanStatus.Duration(TimeSpan.FromSeconds(progress.WallSeconds))} of training)");

    private static string Table(string runLabel, string dataPath, EvaluationResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine($"{runLabel} on {dataPath}: {r.Trajectories} test trajectories, {r.Steps} steps, predicted with {r.Solver}");
        text.AppendLine(string.Create(c, $"  derivative error  {r.DerivativeError:0.000e+00}  ({(r.DerivativeReference == "dudt" ? "the model's f(u) vs dudt at each test state" : "the model's f at each step's midpoint vs (u[n+1] - u[n])/dt")})"));
        text.AppendLine(r.EnergyError is double e
            ? string.Create(c, $"  energy error      {e:0.000e+00}")
            : "  energy error      -  (unknown system)");
        text.AppendLine(string.Create(c, $"  state error       {r.StateError:0.000e+00}"));
        foreach (string note in r.Notes) text.AppendLine($"  note: {note}");
        return text.ToString();
    }

    private static JsonObject Json(TrainedRun trained, CheckpointProgress? progress, EvaluationResult r)
    {
        var json = new JsonObject
        {
            ["run"] = trained.Directory.Path,
            ["data"] = trained.Data.SourcePath,
            ["model"] = trained.Description.Model.Model,
        };
        if (progress is not null)
        {
            json["checkpoint_step"] = progress.Step;
            json["training_steps"] = trained.Description.Training.Steps;
        }
        foreach (var (key, value) in EvaluationReport.ToJson(r, trained.Data.TestTrajectories)) json[key] = value?.DeepClone();
        return json;
    }
}
