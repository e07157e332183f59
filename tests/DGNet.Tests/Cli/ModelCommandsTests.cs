using System.Text.RegularExpressions;
using DGNet.Cli;
using DGNet.Data;
using DGNet.Tests.Training;
using DGNet.Training;
using System.Text.Json;

namespace DGNet.Tests.Cli;

/// <summary>
/// Runs <c>dgnet train</c>, <c>predict</c>, <c>eval</c> and <c>inspect</c> in-process: every bad input gives its exit
/// code and one line on stderr naming the file or option before any work starts; the commands' outputs on good input.
/// </summary>
public class ModelCommandsTests(ModelCommandsFixture files) : IClassFixture<ModelCommandsFixture>
{
    private static (int Code, string Out, string Err) Run(params string[] args) =>
        CliRunner.Run(args.Contains("--threads") ? args : [.. args, "--threads", "1"]);

    /// <summary>Bad inputs: the arguments ({spring}, {kdv}, ... stand for the fixture's files), the exit code and the start
    /// of the one line on stderr.</summary>
    public static TheoryData<string, int, string> BadInputs() => new()
    {
        // train: files
        { "train --data {missing} --model dgnet --out {new}", 1, "dgnet: {missing}: file not found" },
        { "train --data {single} --model dgnet --out {new}", 1, "dgnet: {single}: has a single trajectory, but training needs at least one train and one test trajectory" },
        { "train --data {spring} --model dgnet --out {dgnet}", 2, "dgnet: --out {dgnet}: the run directory already exists; pass --force to replace it or --resume to continue it" },
        { "train --resume --out {missing}", 1, "dgnet: {missing}: run directory not found" },
        { "train --resume --out {spring-folder}", 1, "dgnet: {spring-folder}: not a run directory: no model.json (made by dgnet train)" },
        { "train --resume --data {kdv} --out {dgnet}", 1, "dgnet: --data {kdv}: differs from the data the run was trained on" },
        { "train --data {spring} --model dgnet --allow-data-change --out {new}", 2, "dgnet: --allow-data-change: only for --resume (a new run records the data it starts on)" },
        // train: names
        { "train --data {spring} --out {new}", 2, "dgnet: --model: required (dgnet, hnn, node, srnn)" },
        { "train --data {spring} --model lstm --out {new}", 2, "dgnet: --model: unknown model 'lstm' (known: dgnet, hnn, node, srnn)" },
        { "train --data {spring} --model hnn --solver rk45 --out {new}", 2, "dgnet: --solver: unknown solver 'rk45' (known: euler, midpoint, rk4, dopri5, leapfrog" },
        { "train --data {spring} --model dgnet --solver rk4 --out {new}", 2, "dgnet: --solver rk4: a dgnet model cannot train through it: a dgnet trains with eq6 only" },
        { "train --data {spring} --model hnn --solver leapfrog --out {new}", 2, "dgnet: --solver leapfrog: a hnn model cannot train through it: leapfrog needs a separable energy H = T(p) + V(q), which only srnn has" },
        { "train --data {spring} --model node --solver eq6 --out {new}", 2, "dgnet: --solver eq6: a node model cannot train through it: eq6 needs the discrete gradient of a learned energy" },
        { "train --data {spring} --model hnn --solver implicit-midpoint --out {new}", 2, "dgnet: --solver implicit-midpoint: a hnn model cannot train through it: implicit-midpoint solves each step by Newton's method" },
        { "train --data {spring} --model dgnet --structure skew --out {new}", 2, "dgnet: --structure: unknown structure 'skew' (known: auto, canonical, friction, d, d2, learned, learned-skew, learned-dissipative)" },
        { "train --data {spring} --model dgnet --structure d2 --out {new}", 2, "dgnet: --structure d2: acts on fields on a grid, but the data holds ODE states (it has no dx)" },
        { "train --data {kdv} --model dgnet --friction --out {new}", 2, "dgnet: --friction: applies to the canonical structure of ODE states (q, p), not to 'd'" },
        { "train --data {kdv} --model srnn --out {new}", 2, "dgnet: --structure: srnn needs the canonical structure S of ODE states (q, p); this data would use 'd'" },
        { "train --data {spring} --model dgnet --activation gelu --out {new}", 2, "dgnet: --activation: unknown activation 'gelu' (known: tanh, sigmoid" },
        // train: numbers and flags
        { "train --data {spring} --model dgnet --steps 0 --out {new}", 2, "dgnet: --steps: must be at least 1 (got 0)" },
        { "train --data {spring} --model dgnet --batch 0 --out {new}", 2, "dgnet: --batch: must be a positive number of pairs or 'full' (got 0)" },
        { "train --data {spring} --model dgnet --batch half --out {new}", 2, "dgnet: --batch: must be a positive number of pairs or 'full' (got half)" },
        { "train --data {spring} --model dgnet --lr 0 --out {new}", 2, "dgnet: --lr: must be positive (got 0)" },
        { "train --data {spring} --model dgnet --lr -1e-3 --out {new}", 2, "dgnet: --lr: must be positive (got -0.001)" },
        { "train --data {spring} --model dgnet --weight-decay -1 --out {new}", 2, "dgnet: --weight-decay: must be zero or positive (got -1)" },
        { "train --data {spring} --model dgnet --checkpoint-every 0 --out {new}", 2, "dgnet: --checkpoint-every: must be at least 1 (got 0)" },
        { "train --data {spring} --model dgnet --hidden 0 --out {new}", 2, "dgnet: --hidden: must be at least 1 (got 0)" },
        { "train --data {kdv} --model dgnet --kernel 4 --out {new}", 2, "dgnet: --kernel: must be odd and at least 1 (got 4)" },
        { "train --data {kdv} --model dgnet --kernel-order 5 --out {new}", 2, "dgnet: --kernel-order: must be 0 to 4 (got 5)" },
        { "train --data {kdv} --model dgnet --kernel-order 2 --out {new}", 2, "dgnet: --kernel-order: only a learned kernel on a grid has units to choose (structure 'd')" },
        { "train --data {spring} --model hnn --solver dopri5 --rtol 0 --out {new}", 2, "dgnet: --rtol: must be positive (got 0)" },
        { "train --data {spring} --model dgnet --adjoint --out {new}", 2, "dgnet: --adjoint: needs an explicit training solver (euler, midpoint, rk4, dopri5), not eq6" },
        { "train --data {spring} --model srnn --solver rk4 --adjoint --out {new}", 2, "dgnet: --adjoint: only node and hnn train through an integrator, not srnn" },
        { "train --data {spring} --model dgnet --out {new} --threads 0", 2, "dgnet: --threads: must be at least 1 (got 0)" },
        { "train --resume --force --out {dgnet}", 2, "dgnet: --resume and --force exclude each other" },
        { "train --resume --lr 0.1 --out {dgnet}", 2, "dgnet: --lr: a resumed run keeps the settings recorded in" },
        // predict
        { "predict --run {missing} --data {spring} --out {new-file}", 1, "dgnet: {missing}: run directory not found" },
        { "predict --run {incomplete} --data {spring} --out {new-file}", 1, "dgnet: {incomplete}: incomplete run directory: no model.npz (training has not finished; continue it with dgnet train --resume --out {incomplete})" },
        { "predict --run {dgnet} --data {kdv} --out {new-file}", 1, "dgnet: {kdv}: states of shape [24], but the model is for states [2]" },
        { "predict --run {kdv-run} --data {other-grid} --out {new-file}", 1, "dgnet: {other-grid}: grid spacing dx 0.5 differs from the model's 0.416667" },
        { "predict --run {dgnet} --data {missing} --out {new-file}", 1, "dgnet: {missing}: file not found" },
        { "predict --run {dgnet} --data {spring} --solver leapfrog --out {new-file}", 2, "dgnet: --solver leapfrog: a dgnet model cannot predict with it: leapfrog needs a separable energy" },
        { "predict --run {node} --data {spring} --solver eq6 --out {new-file}", 2, "dgnet: --solver eq6: a node model cannot predict with it: eq6 needs the discrete gradient of a learned energy, and a neural ODE has no energy" },
        { "predict --run {dgnet} --data {spring} --solver verlet --out {new-file}", 2, "dgnet: --solver: unknown solver 'verlet'" },
        { "predict --run {dgnet} --data {spring} --steps 0 --out {new-file}", 2, "dgnet: --steps: must be at least 1 (got 0)" },
        { "predict --run {dgnet} --data {spring} --split validation --out {new-file}", 2, "dgnet: --split: unknown split 'validation' (known: test, train, all)" },
        { "predict --run {dgnet} --data {spring} --on-failure retry --out {new-file}", 2, "dgnet: --on-failure: unknown policy 'retry' (known: stop, skip)" },
        { "predict --run {dgnet} --data {spring} --out {spring}", 2, "dgnet: --out {spring}: the file already exists; pass --force to overwrite it" },
        // eval and inspect
        { "eval --run {dgnet} --data {kdv}", 1, "dgnet: {kdv}: states of shape [24], but the model is for states [2]" },
        { "eval --run {dgnet} --data {spring} --steps 31", 2, "dgnet: --steps: the data have 30 steps to compare with (got 31)" },
        { "eval --run {dgnet} --data {spring} --json {spring}", 2, "dgnet: --json {spring}: the file already exists; pass --force to overwrite it" },
        { "eval --run {node} --data {spring} --solver leapfrog-dkd", 2, "dgnet: --solver leapfrog-dkd: a node model cannot predict with it" },
        { "eval --run {incomplete} --data {spring}", 1, "dgnet: {incomplete}: incomplete run directory: no model.npz (training has not finished; continue it with dgnet train --resume --out {incomplete})" },
        { "eval --run {incomplete} --data {spring} --checkpoint", 1, "dgnet: {incomplete}: no checkpoint.npz (made every --checkpoint-every steps of a training)" },
        { "inspect {missing}", 1, "dgnet: {missing}: run directory not found" },
        { "inspect {incomplete}", 1, "dgnet: {incomplete}: incomplete run directory: neither model.npz nor checkpoint.npz" },
    };

    private string Substitute(string text, string freshFolder) => text
        .Replace("{missing}", Path.Combine(freshFolder, "missing"))
        .Replace("{new-file}", Path.Combine(freshFolder, "pred.npz"))
        .Replace("{new}", Path.Combine(freshFolder, "run"))
        .Replace("{spring-folder}", Path.GetDirectoryName(files.Spring)!)
        .Replace("{spring}", files.Spring)
        .Replace("{single}", files.SingleTrajectory)
        .Replace("{kdv-run}", files.KdVRun)
        .Replace("{kdv}", files.KdV)
        .Replace("{other-grid}", files.OtherGrid)
        .Replace("{dgnet}", files.DgNetRun)
        .Replace("{node}", files.NodeRun)
        .Replace("{incomplete}", files.IncompleteRun);

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputGivesOneLineAndTheExitCodeBeforeAnyWork(string arguments, int expectedCode, string expectedStart)
    {
        string folder = TempFiles.Folder();
        var args = arguments.Split(' ').Select(a => Substitute(a, folder)).ToArray();
        var (code, output, error) = Run(args);
        Assert.Equal(expectedCode, code);
        Assert.Equal("", output);
        Assert.StartsWith(Substitute(expectedStart, folder), error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(folder, "run")), "nothing is written on bad input");
        Assert.False(File.Exists(Path.Combine(folder, "pred.npz")), "nothing is written on bad input");
    }

    [Fact]
    public void TrainPredictEvalAndInspectARun()
    {
        string folder = TempFiles.Folder();
        string run = Path.Combine(folder, "run"), prediction = Path.Combine(folder, "pred.npz"), json = Path.Combine(folder, "eval.json");
        var (code, output, _) = Run("train", "--data", files.Spring, "--model", "srnn", "--out", run, "--steps", "30", "--hidden", "8",
            "--batch", "32", "--lr", "5e-3", "--seed", "3");
        Assert.Equal(0, code);
        Assert.Matches($@"^trained srnn \(leapfrog\) on {files.Spring} for 30 steps in [\d.]+ s: train loss \S+, test loss \S+; wrote {run}/model.npz, model.json, log.csv\n$", output);
        var description = new RunDirectory(run).ReadCompleted();
        Assert.Equal((3L, 32, "leapfrog", 1), (description.Training.Seed, description.Training.BatchSize, description.Training.Solver, description.Training.LogEvery));
        Assert.Equal(LossLog.Header, File.ReadLines(Path.Combine(run, RunDirectory.LogFile)).First());

        (code, output, _) = Run("predict", "--run", run, "--data", files.Spring, "--split", "all", "--steps", "12", "--out", prediction);
        Assert.Equal(0, code);
        Assert.Equal($"wrote {prediction}: 8 all trajectories × 12 steps with leapfrog (mean 3 function evaluations per step)\n", output);
        var arrays = Npz.Read(prediction);
        Assert.Equal([8L, 13, 2], arrays["u"].Shape);
        Assert.Equal([8L, 13], arrays["model_energy"].Shape);
        Assert.Equal([8L, 13], arrays["energy"].Shape);
        Assert.Equal([12L], arrays["solver_cost"].Shape);
        Assert.Equal("function evaluations", arrays["solver_cost_unit"].ScalarString());
        Assert.Equal(0.1, arrays["dt"].ScalarDouble());
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), (long[])arrays["trajectories"].Data);
        Assert.False(arrays.ContainsKey("mass") || arrays.ContainsKey("failed_trajectory"));
        using (var data = Dataset.Load(files.Spring))
            Assert.Equal(data.U.select(1, 0).data<double>().ToArray(), ((double[])arrays["u"].Data).Where((_, i) => i % 26 < 2));

        (code, output, _) = Run("eval", "--run", run, "--data", files.Spring, "--solver", "eq6", "--json", json);
        Assert.Equal(0, code);
        Assert.Matches(@"derivative error  \d\.\d{3}e[+-]\d\d  \(the model's f\(u\) vs dudt at each test state\)", output);
        using (var document = JsonDocument.Parse(File.ReadAllText(json)))
        {
            var root = document.RootElement;
            Assert.Equal(("srnn", "eq6", 2, 30), (root.GetProperty("model").GetString(), root.GetProperty("solver").GetString(),
                root.GetProperty("trajectories").GetInt32(), root.GetProperty("steps").GetInt32()));
            Assert.True(root.GetProperty("state_error").GetDouble() > 0);
            Assert.Equal(2, root.GetProperty("energy_errors").GetArrayLength());
        }

        (code, output, _) = Run("inspect", run);
        Assert.Equal(0, code);
        Assert.Contains("SRNN: separable H = T(p) + V(q)", output);
        Assert.Contains("trained with leapfrog: 30 steps, batch 32, lr 0.005, weight decay 0, seed 3, 1 threads", output);
        Assert.EndsWith("structure G: canonical, skew (energy-conserving)\n", output);
    }

    [Fact]
    public void FieldPredictionsCarryMassAndInspectReportsALearnedKernel()
    {
        string folder = TempFiles.Folder();
        string run = Path.Combine(folder, "run"), prediction = Path.Combine(folder, "pred.npz");
        var (code, _, _) = Run("train", "--data", files.CahnHilliard2d, "--model", "dgnet", "--structure", "learned", "--out", run,
            "--steps", "10", "--hidden", "4", "--batch", "8");
        Assert.Equal(0, code);
        (code, _, _) = Run("predict", "--run", run, "--data", files.CahnHilliard2d, "--steps", "3", "--out", prediction);
        Assert.Equal(0, code);
        var arrays = Npz.Read(prediction);
        Assert.Equal([1L, 4, 8, 8], arrays["u"].Shape);
        Assert.Equal([1L, 4], arrays["mass"].Shape);
        Assert.Equal("newton iterations", arrays["solver_cost_unit"].ScalarString());

        var (inspectCode, output, _) = Run("inspect", run);
        Assert.Equal(0, inspectCode);
        Assert.Contains("structure G: learned, no structural guarantee", output);
        Assert.Contains("learned kernel, constraint free\nkernel 3x3:\n", output);
        Assert.Matches(@"\nsum -?\d\.\d{3}E[+-]\d\d \(\d\.\dE[+-]\d\d of sum \|w\|\): ", output);
        Assert.Matches(@"\nsymmetry: largest change under 90° rotations and reflections \d\.\dE[+-]\d\d of max \|w\|: (isotropic|not isotropic)\n", output);
        Assert.Matches(@"\nsymmetric part on a 8x8 grid: eigenvalues in \[\S+, \S+\]: (zero|negative|positive|indefinite)", output);
    }

    [Fact]
    public void ResumingOnRegeneratedDataSaysSoAndInspectShowsTheChange()
    {
        string folder = TempFiles.Folder();
        string run = Path.Combine(folder, "run"), regenerated = Path.Combine(folder, "regenerated.npz");
        Assert.Equal(0, Run("train", "--data", files.Spring, "--model", "dgnet", "--out", run, "--steps", "2", "--hidden", "4").Code);
        var spring = TinyData.Spring;
        using (var copy = Dataset.Create(spring.U * (1 + 1e-13), spring.Dt, spring.DuDt?.clone(), spring.Energy?.clone(),
                   split: spring.Split, system: spring.System, parameters: spring.Params))
            copy.Save(regenerated);

        var (code, _, error) = Run("train", "--resume", "--out", run, "--data", regenerated, "--steps", "3");

        Assert.Equal(0, code);
        Assert.Matches($@"^dgnet: note: resuming on {Regex.Escape(regenerated)}, whose bytes differ from the run's data; data changed at step 2, from {Regex.Escape(files.Spring)} \(sha256 [0-9a-f]{{12}}\.\.\.\): the same data regenerated \(probe values agree to \S+ of their size\)\n", error);
        var (_, inspected, _) = Run("inspect", run);
        Assert.Contains($"\n  data {regenerated} (sha256 ", inspected);
        Assert.Contains($"\n  data changed at step 2, from {files.Spring} (sha256 ", inspected);
    }

    [Fact]
    public void InspectDescribesAnUnfinishedRunAsItsCheckpointLeftIt()
    {
        string run = Path.Combine(TempFiles.Folder(), "run");
        var (code, _, _) = Run("train", "--data", files.CahnHilliard2d, "--model", "dgnet", "--structure", "learned", "--out", run,
            "--steps", "3", "--hidden", "4", "--batch", "8", "--checkpoint-every", "1");
        Assert.Equal(0, code);
        var (_, finished, _) = Run("inspect", run);
        // Without its final weights the run is unfinished; its checkpoint of the last step holds the same parameters.
        File.Delete(Path.Combine(run, RunDirectory.WeightsFile));

        var (inspectCode, unfinished, error) = Run("inspect", run);

        Assert.Equal((0, ""), (inspectCode, error));
        var lines = unfinished.Split('\n');
        Assert.Matches($@"^run {Regex.Escape(run)} \(unfinished: as its checkpoint at step 3 of 3 left it, after \d+ s of training; if the training is not running, dgnet train --resume --out {Regex.Escape(run)} continues it\)$", lines[0]);
        // The rest is the finished run's description, kernel digits included, less its result line.
        var expected = finished.Split('\n').Skip(1).Where(l => !l.StartsWith("  result: ", StringComparison.Ordinal));
        Assert.Equal(expected, lines.Skip(1));
        Assert.Contains("kernel 3x3:", unfinished);
    }

    [Fact]
    public void EvalOfACheckpointGivesItsNumbersAndSaysHowFarTheTrainingHadGot()
    {
        string folder = TempFiles.Folder();
        string run = Path.Combine(folder, "run"), finalJson = Path.Combine(folder, "final.json"), checkpointJson = Path.Combine(folder, "checkpoint.json");
        var (code, _, _) = Run("train", "--data", files.Spring, "--model", "hnn", "--out", run, "--steps", "6", "--hidden", "8",
            "--lr", "1e-2", "--checkpoint-every", "2");
        Assert.Equal(0, code);
        (code, var final, _) = Run("eval", "--run", run, "--data", files.Spring, "--json", finalJson);
        Assert.Equal(0, code);
        // As if the training had been stopped after its last checkpoint: the checkpoint of step 6 holds the final weights.
        File.Delete(Path.Combine(run, RunDirectory.WeightsFile));

        (code, var partial, var error) = Run("eval", "--run", run, "--data", files.Spring, "--checkpoint", "--json", checkpointJson);

        Assert.Equal((0, ""), (code, error));
        var lines = partial.Split('\n');
        Assert.Matches($@"^{Regex.Escape(run)} \(its checkpoint at step 6 of 6, after \d+ s of training\) on {Regex.Escape(files.Spring)}: 2 test trajectories, 30 steps, predicted with midpoint$", lines[0]);
        Assert.Equal(final.Split('\n').Skip(1).Where(l => !l.StartsWith("wrote ", StringComparison.Ordinal)),
            lines.Skip(1).Where(l => !l.StartsWith("wrote ", StringComparison.Ordinal)));
        using var finalDocument = JsonDocument.Parse(File.ReadAllText(finalJson));
        using var checkpointDocument = JsonDocument.Parse(File.ReadAllText(checkpointJson));
        Assert.False(finalDocument.RootElement.TryGetProperty("checkpoint_step", out _));
        Assert.Equal((6, 6), (checkpointDocument.RootElement.GetProperty("checkpoint_step").GetInt32(),
            checkpointDocument.RootElement.GetProperty("training_steps").GetInt32()));
        Assert.Equal(finalDocument.RootElement.GetProperty("state_error").GetDouble(), checkpointDocument.RootElement.GetProperty("state_error").GetDouble());
    }

    [Fact]
    public void InspectNamesTheUnitsOfAKernelInGridUnits()
    {
        string run = Path.Combine(TempFiles.Folder(), "run");
        var (code, _, _) = Run("train", "--data", files.CahnHilliard2d, "--model", "dgnet", "--structure", "learned-dissipative",
            "--kernel-order", "2", "--out", run, "--steps", "2", "--hidden", "4", "--batch", "8");
        Assert.Equal(0, code);
        var (inspectCode, output, _) = Run("inspect", run);
        Assert.Equal(0, inspectCode);
        Assert.Contains("structure G: learned-dissipative, kernel in units of 1/dx^2 (negative semi-definite (energy-dissipating))", output);
    }

    [Fact]
    public void ADivergingTrainingStopsWithTheStepAndKeepsTheLastGoodCheckpoint()
    {
        string run = Path.Combine(TempFiles.Folder(), "run");
        // A neural ODE's output layer is linear: after one Adam step of 1e200 its field is ~1e200 and the loss overflows.
        var (code, _, error) = Run("train", "--data", files.Spring, "--model", "node", "--out", run, "--hidden", "4",
            "--lr", "1e200", "--checkpoint-every", "1", "--steps", "20");
        Assert.Equal(1, code);
        var lines = error.Split('\n').Where(l => l.StartsWith("dgnet:", StringComparison.Ordinal)).ToArray();
        Assert.Matches($@"^dgnet: training stopped: the loss became non-finite \(NaN or infinity\) at step (\d+); the last good checkpoint \(step \d+\) is kept in {run}/checkpoint.npz; try a smaller --lr$", Assert.Single(lines));
        Assert.True(File.Exists(Path.Combine(run, RunDirectory.CheckpointFile)));
        Assert.False(File.Exists(Path.Combine(run, RunDirectory.WeightsFile)));
    }

    /// <summary>
    /// A run of an untrained DGNet with weights scaled up tenfold (a sharply curved energy), and data starting at five
    /// amplitudes: Newton does not converge in the first eq6 step of the trajectory starting at (1, 1).
    /// </summary>
    private static (string Run, string Data) SharpModel()
    {
        string folder = TempFiles.Folder();
        var u0 = TorchSharp.torch.tensor(new double[,] { { 0.1, 0 }, { 0.5, 0.2 }, { 1, 1 }, { 3, -2 }, { 10, 5 } });
        string data = Path.Combine(folder, "amplitudes.npz");
        using (var dataset = Dataset.Create(u0.unsqueeze(1).expand(5, 3, 2).contiguous(), 0.1, split: [1, 1, 1, 1, 1]))
            dataset.Save(data);
        string run = Path.Combine(folder, "run");
        Directory.CreateDirectory(run);
        using var loaded = Dataset.Load(data, requireTrainAndTest: false);
        var spec = ModelSetup.Spec(loaded, new ModelChoices("dgnet", Hidden: 8));
        TorchSharp.torch.manual_seed(0);
        using var model = DGNet.Models.PhysicsModels.Create(spec);
        using (TorchSharp.torch.no_grad()) foreach (var p in model.parameters()) p.mul_(10);
        ModelWeights.Save(model, Path.Combine(run, RunDirectory.WeightsFile));
        new RunDirectory(run).WriteDescription(new RunDescription
        {
            Model = spec,
            Training = new TrainingOptions { Solver = "eq6" },
            Data = new DataReference(data, loaded.ContentHash, null, 0, 5, 3),
        });
        return (run, data);
    }

    [Fact]
    public void APredictionFailureIsNamedAndTheStatesSoFarAreWritten()
    {
        var (run, data) = SharpModel();
        string folder = Path.GetDirectoryName(data)!;
        string stopped = Path.Combine(folder, "stopped.npz"), skipped = Path.Combine(folder, "skipped.npz");
        var (code, output, error) = Run("predict", "--run", run, "--data", data, "--steps", "4", "--out", stopped);
        Assert.Equal((1, ""), (code, output));
        Assert.Matches($@"^dgnet: step 1, trajectory 2: Newton did not converge \(residual \S+ after 50 iterations\); try a smaller dt or another solver " +
                       $@"\(states up to step 0 written to {stopped}; --on-failure skip lets the other trajectories go on\)\n$", error);
        var arrays = Npz.Read(stopped);
        Assert.Equal([5L, 5, 2], arrays["u"].Shape);
        var states = (double[])arrays["u"].Data;
        Assert.True(states.Where((_, i) => i % 10 < 2).All(double.IsFinite), "the initial states are written");
        Assert.True(states.Where((_, i) => i % 10 >= 2).All(double.IsNaN), "no later state was computed");
        Assert.Equal([0L, 1, 2, 3, 4], (long[])arrays["failed_trajectory"].Data);

        (code, output, error) = Run("predict", "--run", run, "--data", data, "--steps", "4", "--on-failure", "skip", "--out", skipped);
        Assert.Equal(0, code);
        Assert.Matches(@"^dgnet: warning: step 1, trajectory 2: Newton did not converge \(residual \S+ after 50 iterations\); try a smaller dt or another solver\n$", error);
        Assert.EndsWith(", 1 failed\n", output);
        arrays = Npz.Read(skipped);
        Assert.Equal([2L], (long[])arrays["failed_trajectory"].Data);
        Assert.Equal([1L], (long[])arrays["failed_step"].Data);
        states = (double[])arrays["u"].Data;
        Assert.True(states.Where((_, i) => i / 10 != 2).All(double.IsFinite), "the other trajectories go on");
    }
}
